/**
 * Messages of the Task aggregate. A task's {@code version} counts its events: 1 after creation,
 * one more for every event since, so it doubles as the ETag and the sync base version.
 */
package io.tandem.api.task;
