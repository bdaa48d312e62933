/**
 * Tandem's message contract: commands, events, queries and their views, shared by every module.
 * Only records, enums and exceptions live here; no framework beyond Axon's routing annotations.
 */
package io.tandem.api;
