/**
 * The workspace read model: workspaces, their members and categories, kept in PostgreSQL by the
 * "workspaces" processing group and read by the membership and category queries that every
 * request's access check relies on.
 */
package io.tandem.projection.workspace;
