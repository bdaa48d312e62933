-- History reads only the audit log, which now keeps each event as the event store holds it (payload and metadata
-- serialized as written, sensitive fields still sealed), so that it never reads the event store's tables.
ALTER TABLE audit_log
    ADD COLUMN time_stamp       text,
    ADD COLUMN payload_type     text,
    ADD COLUMN payload_revision text,
    ADD COLUMN payload          bytea,
    ADD COLUMN meta_data        bytea;

-- A task's history, in the order of its events.
CREATE INDEX audit_log_aggregate_sequence_idx ON audit_log (aggregate_id, sequence_number);

-- Rows written before this migration get their copy when the audit-log processor, whose token V10 removes,
-- handles every event again; positions are kept (rows are matched by event id). Paging stops before an unfilled row.
CREATE INDEX audit_log_unfilled_idx ON audit_log (position) WHERE payload IS NULL;
