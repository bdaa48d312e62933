/**
 * Audit history: the event store read back as who did what, when and why, in a gap-free, commit-ordered
 * sequence of positions that clients page through.
 */
package io.tandem.api.audit;
