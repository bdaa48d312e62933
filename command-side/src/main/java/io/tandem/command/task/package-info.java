/**
 * The Task aggregate: task rules, optimistic concurrency by field (merge or conflict) and recurring series.
 * Cross-aggregate checks (category exists, assignee is a member) are the caller's job before dispatching.
 */
package io.tandem.command.task;
