/**
 * Sync pull: reads a workspace's operations from the sync log and the event store, decoded by Axon's own event
 * serializer and upcasters, and hands out the tokens clients continue from.
 */
package io.tandem.query.sync;
