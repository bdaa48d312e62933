/** HTTP endpoints for a workspace's analytics: overview, daily trends and member productivity (readers only). */
package io.tandem.app.web.analytics;
