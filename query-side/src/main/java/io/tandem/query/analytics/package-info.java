/**
 * Analytics answered in PostgreSQL: aggregate SQL over the task list, workspace and analytics read models, so a
 * workspace's tasks are counted where they live and never loaded into memory.
 */
package io.tandem.query.analytics;
