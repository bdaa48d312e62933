/**
 * HTTP endpoints for workspaces, their members and roles, and their categories. Each maps a request to one
 * command or query; the answer of a command is the read model after it.
 */
package io.tandem.app.web.workspace;
