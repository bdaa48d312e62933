/**
 * The sync log: every domain event numbered per workspace in the order it was handled, so that sync clients can
 * pull a workspace's operations from a position without ever missing one that committed late.
 */
package io.tandem.projection.synclog;
