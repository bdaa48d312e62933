/**
 * Encryption at rest of sensitive event fields: envelope encryption with per-workspace and per-user data keys
 * wrapped by rotating master keys, applied inside Axon's event serializer so every reader sees plaintext, or
 * {@code "[erased]"} once a key is destroyed.
 */
package io.tandem.app.crypto;
