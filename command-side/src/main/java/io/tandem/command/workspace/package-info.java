/**
 * The Workspace aggregate: who belongs to a workspace with which role, its settings, and its categories.
 * Categories live here so that a name's uniqueness is decided inside one consistency boundary.
 */
package io.tandem.command.workspace;
