/**
 * Import of a local-only PWA's tasks and categories into a workspace: every item checked on its own, client ids
 * kept, repeatable without duplicates, answered once the read models show everything it created.
 */
package io.tandem.app.web.importing;
