/**
 * HTTP endpoints for tasks: the filtered list, create (with client-chosen ids), partial update with optimistic
 * concurrency (body version merges, If-Match is strict), complete, reopen, delete and recurring templates.
 */
package io.tandem.app.web.task;
