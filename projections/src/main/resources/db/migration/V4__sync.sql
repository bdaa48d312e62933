-- Sync: the per-workspace log that pull reads, and the push's idempotency and conflict records.
-- All three live here so the sync feature migrates as one; the log is a projection (rebuilt by a replay),
-- the other two are written by the push in the same transaction as the events they describe.

-- "sync-log" processing group ------------------------------------------------------------------

-- One row per domain event of a workspace, numbered 1, 2, 3... in the order the processor handled them.
-- One workspace's events are handled by one thread in stream order and committed batch by batch, so a
-- reader that asks for "seq > N" can never miss a row that commits later: later rows get larger numbers.
-- The operation itself is read from domain_event_entry, so the event store stays the only copy of payloads.
CREATE TABLE sync_log (
    workspace_id        uuid        NOT NULL,
    seq                 bigint      NOT NULL,
    event_identifier    text        NOT NULL,
    aggregate_id        text        NOT NULL,
    -- The aggregate version after this event (sequence number + 1).
    aggregate_version   bigint      NOT NULL,
    entity_type         text        NOT NULL CHECK (entity_type IN ('task', 'category', 'workspace', 'member')),
    entity_id           uuid        NOT NULL,
    op_type             text        NOT NULL CHECK (op_type IN ('create', 'update', 'delete')),
    -- Set for events a sync push caused; lets a push answer a token that skips only its own operations.
    client_operation_id text,
    appended_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, seq),
    CONSTRAINT sync_log_event_identifier_uk UNIQUE (event_identifier)
);

-- A push waits until the log has followed each aggregate it wrote.
CREATE INDEX sync_log_aggregate_idx ON sync_log (aggregate_id, aggregate_version);

-- Push ------------------------------------------------------------------------------------------

-- The answer given to each applied client operation, committed with the operation's events: a retry
-- (even after a crash between commit and answer) finds it here and answers "duplicate".
CREATE TABLE sync_push_results (
    workspace_id uuid        NOT NULL,
    operation_id text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('applied', 'merged', 'conflict')),
    entity_type  text        NOT NULL,
    entity_id    uuid        NOT NULL,
    version      bigint      NOT NULL,
    conflict_id  uuid,
    user_id      uuid        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, operation_id)
);

-- Changes a push could not settle automatically, until a member resolves them.
CREATE TABLE sync_conflicts (
    id             uuid        PRIMARY KEY,
    workspace_id   uuid        NOT NULL,
    entity_type    text        NOT NULL,
    entity_id      uuid        NOT NULL,
    fields         text[]      NOT NULL,
    server_value   jsonb       NOT NULL,
    client_value   jsonb       NOT NULL,
    base_version   bigint,
    server_version bigint      NOT NULL,
    operation_id   text        NOT NULL,
    raised_by      uuid        NOT NULL,
    raised_at      timestamptz NOT NULL DEFAULT now(),
    resolution     text        CHECK (resolution IN ('server', 'client', 'merged')),
    resolved_by    uuid,
    resolved_at    timestamptz
);

CREATE INDEX sync_conflicts_pending_idx ON sync_conflicts (workspace_id, raised_at) WHERE resolution IS NULL;
