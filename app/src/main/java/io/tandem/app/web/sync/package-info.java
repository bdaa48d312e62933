/**
 * The sync endpoints: pull from a token, push offline operations (idempotent, settled by the workspace's conflict
 * strategy), status, and manual conflict resolution.
 */
package io.tandem.app.web.sync;
