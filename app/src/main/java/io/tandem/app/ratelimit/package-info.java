/**
 * Rate limits kept in Redis with bucket4j, so that every replica counts against the same buckets: failed logins per
 * account and per client IP, API requests per user (per IP without a token), and pushed sync operations per user.
 */
package io.tandem.app.ratelimit;
