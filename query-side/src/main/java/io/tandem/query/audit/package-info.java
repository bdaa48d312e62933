/**
 * Audit history: the "audit-log" projection indexes every stored event in commit order, and the audit queries
 * read the event store itself through that index, deserializing payloads with Axon's event serializer.
 */
package io.tandem.query.audit;
