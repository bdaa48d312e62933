/**
 * The search read model: an Elasticsearch index of every task, kept by the "search" processing group behind a
 * read and a write alias so that it can be rebuilt by replay into a new index and switched without downtime.
 */
package io.tandem.projection.search;
