/**
 * The Redis cache of analytics answers: entries stamped with the read models' progress, evicted after the events
 * that change them and expiring after a short TTL because "overdue" moves with the clock.
 */
package io.tandem.app.analytics;
