/** End-to-end tests of task search: relevance, filters, isolation, index updates, outage and rebuild. */
package io.tandem.app.web.search;
