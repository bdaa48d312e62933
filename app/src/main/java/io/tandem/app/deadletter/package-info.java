/**
 * Poison events: the projections that can fail on one event park it in Axon's sequenced dead-letter queue (in the
 * main database), per aggregate, while the rest of the stream goes on; transient failures are never parked but
 * retried by the processor. Counts, listing and retries for operators, and the news that a sequence was parked for
 * the writes that wait on it.
 */
package io.tandem.app.deadletter;
