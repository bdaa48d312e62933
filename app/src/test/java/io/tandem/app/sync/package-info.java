/**
 * End-to-end tests of sync: exactly-once pull under concurrent writers, idempotent push (also across a crash),
 * conflict strategies and resolution, and offline clients converging; with a small sync client for them.
 */
package io.tandem.app.sync;
