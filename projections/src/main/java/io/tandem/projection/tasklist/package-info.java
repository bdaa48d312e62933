/**
 * The task list read model: every task of every workspace with its tags, kept in PostgreSQL by the
 * "task-list" processing group and read by the task list, task lookup and recurring-template queries.
 */
package io.tandem.projection.tasklist;
