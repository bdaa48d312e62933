/**
 * Wiring of Axon and persistence: event-store dialect, processor ordering and error handling, and the
 * metadata every command carries (who, which request, which client operation).
 */
package io.tandem.app.config;
