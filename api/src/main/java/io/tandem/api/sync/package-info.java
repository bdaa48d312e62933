/**
 * The sync protocol's messages: operations derived one-to-one from domain events, read from a per-workspace,
 * commit-ordered log through opaque tokens.
 */
package io.tandem.api.sync;
