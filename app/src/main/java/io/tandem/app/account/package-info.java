/**
 * User accounts: registration, password login and rotating refresh tokens, kept in plain tables rather than the
 * event store, because identity is infrastructure and passwords or hashes must never enter permanent events.
 * Other features look users up through {@link io.tandem.app.account.UserDirectory}.
 */
package io.tandem.app.account;
