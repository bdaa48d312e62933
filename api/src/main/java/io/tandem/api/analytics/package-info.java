/** Analytics queries and their views: a workspace's overview, daily trends and per-member productivity. */
package io.tandem.api.analytics;
