/**
 * HTTP endpoints of the audit history: a task's history, a workspace's events and the cross-workspace audit,
 * as JSON pages by position or as an NDJSON stream. Owners, admins and global auditors only.
 */
package io.tandem.app.web.audit;
