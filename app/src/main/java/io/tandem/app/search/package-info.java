/**
 * The Elasticsearch connection the task search runs on, and the health indicator that reports whether it answers.
 */
package io.tandem.app.search;
