/**
 * What the app's integration tests share: the real dependencies they run against, the real server on a random
 * port, and an HTTP client that calls it as a PWA would.
 */
package io.tandem.app.support;
