-- "audit-log" processing group: an append-only index over domain_event_entry, in the order the processor
-- handled the events. Payloads and metadata stay in domain_event_entry (joined by event_identifier) and are
-- deserialized by Axon's serializer when read, so erasure and encryption apply to history as well.
--
-- Why position and not domain_event_entry.global_index: global_index values are taken when a transaction
-- inserts, but become visible when it commits, so under concurrent commits a lower index can appear after a
-- higher one and "global_index > :after" would skip it. The audit-log processor has one segment and one
-- sequence (a single writer, handling events in its token's order, which already waits for such gaps), and it
-- takes each position when it writes. A position therefore commits before any higher one is even assigned;
-- a rolled-back batch leaves holes that never fill, which paging skips harmlessly. CACHE 1 keeps other sessions
-- from pre-allocating blocks out of order.
CREATE TABLE audit_log (
    position         bigint       GENERATED ALWAYS AS IDENTITY (CACHE 1) PRIMARY KEY,
    event_identifier varchar(255) NOT NULL,
    -- Null for events that belong to no workspace; only the cross-workspace audit sees those.
    workspace_id     uuid,
    aggregate_type   varchar(255),
    aggregate_id     varchar(255),
    sequence_number  bigint,
    -- The payload's simple class name, e.g. TaskCreatedEvent.
    event_type       varchar(255) NOT NULL,
    user_id          uuid,
    occurred_at      timestamptz  NOT NULL,
    CONSTRAINT audit_log_event_identifier_uk UNIQUE (event_identifier)
);

-- Every filter is read in position order, so each index ends with position.
CREATE INDEX audit_log_workspace_idx ON audit_log (workspace_id, position);
CREATE INDEX audit_log_aggregate_idx ON audit_log (aggregate_id, position);
CREATE INDEX audit_log_user_idx ON audit_log (user_id, position);
CREATE INDEX audit_log_event_type_idx ON audit_log (event_type, position);
CREATE INDEX audit_log_occurred_at_idx ON audit_log (occurred_at);
