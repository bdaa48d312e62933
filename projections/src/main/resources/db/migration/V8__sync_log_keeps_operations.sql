-- The sync log keeps the operation it serves, so that a pull reads only what Tandem's own projection wrote and
-- never the event store's tables (which are elsewhere with Axon Server or a split event store).
--
-- The stored copy is the event as the event store holds it: the serialized payload and metadata exactly as
-- written (sensitive fields stay sealed under their workspace's data key, so destroying the key still erases
-- them), with what Axon needs to upcast and deserialize it like any other stored event.
ALTER TABLE sync_log
    ADD COLUMN aggregate_type   text,
    ADD COLUMN sequence_number  bigint,
    ADD COLUMN time_stamp       text,
    ADD COLUMN payload_type     text,
    ADD COLUMN payload_revision text,
    ADD COLUMN payload          bytea,
    ADD COLUMN meta_data        bytea;

-- Rows written before this migration get their copy when the sync-log processor, whose token V10 removes,
-- handles every event again from the start. It keeps each row's number (the rows are matched by event id), so
-- the clients' tokens stay exact; until a row is filled, a pull stops just before it.
CREATE INDEX sync_log_unfilled_idx ON sync_log (workspace_id, seq) WHERE payload IS NULL;

-- Idempotent pushes are decided by the aggregates from their own events; the separate ledger goes.
DROP TABLE sync_push_results;

-- A retried push finds the conflict its operation raised instead of raising it twice.
CREATE UNIQUE INDEX sync_conflicts_operation_uk ON sync_conflicts (workspace_id, operation_id);
