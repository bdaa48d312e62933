/**
 * Read-your-writes: a write answers once the read models and the sync log show it ({@code ReadYourWrites}), learning
 * from this replica's processors when they applied a version ({@code AppliedVersions}) and reading the read models
 * otherwise; a write whose read model parked its event answers 202 ({@code ReadModelParked}). Independent of HTTP.
 */
package io.tandem.app.readmodel;
