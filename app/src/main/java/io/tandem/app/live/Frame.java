package io.tandem.app.live;

/** One WebSocket message of the contract, in either direction: {@code {type, payload}}. */
record Frame(String type, Object payload) {
}
