/**
 * Messages of the Workspace aggregate: the workspace itself, its members and roles, and its categories.
 * Categories live inside the workspace so that name uniqueness is decided in one place.
 */
package io.tandem.api.workspace;
