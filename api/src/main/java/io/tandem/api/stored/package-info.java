/** Copies of stored events that Tandem's own projections keep, so that no reader needs the event store's tables. */
package io.tandem.api.stored;
