/**
 * Who may do what in a workspace: the caller's membership and role, read from the members read model, for every
 * writer and reader (HTTP, WebSocket, sync). Independent of HTTP.
 */
package io.tandem.app.access;
