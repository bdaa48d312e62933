/**
 * Live updates over the WebSocket at {@code /ws}: the sync log's operations fanned out to the members connected to
 * any replica (through Redis pub/sub), presence kept in Redis with expiry, and the client frames of the contract.
 */
package io.tandem.app.live;
