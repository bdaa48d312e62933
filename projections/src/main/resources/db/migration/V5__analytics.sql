-- "analytics" processing group: what the other read models forget. The tasks table keeps only a task's
-- current state; analytics needs each completion as it happened (when, by whom, against which due date),
-- including a task completed, reopened and completed again.

-- The few facts of a task that its completions are measured against; the idempotency gate for both tables.
CREATE TABLE analytics_tasks (
    task_id      uuid        PRIMARY KEY,
    workspace_id uuid        NOT NULL,
    created_at   timestamptz NOT NULL,
    due_date     timestamptz,
    completed    boolean     NOT NULL,
    -- Deleted tasks (and the tasks of a deleted workspace) count nowhere, their completions included.
    deleted      boolean     NOT NULL DEFAULT false,
    -- The task aggregate's version after the last event applied.
    version      bigint      NOT NULL
);

CREATE INDEX analytics_tasks_workspace_idx ON analytics_tasks (workspace_id);

-- One row per completion; keyed by the task version that completed it, so a redelivered event adds nothing.
CREATE TABLE analytics_task_completions (
    task_id         uuid        NOT NULL,
    version         bigint      NOT NULL,
    workspace_id    uuid        NOT NULL,
    -- The userId metadata of the completing event; null for events that carry none.
    completed_by    uuid,
    completed_at    timestamptz NOT NULL,
    task_created_at timestamptz NOT NULL,
    -- The due date in force when the task was completed (a later change does not rewrite history).
    due_date        timestamptz,
    PRIMARY KEY (task_id, version)
);

CREATE INDEX analytics_task_completions_workspace_idx ON analytics_task_completions (workspace_id, completed_at);

-- Cache validation, not a read model: every processing group whose tables the analytics queries read bumps
-- its counter for a workspace in the same transaction that changes those tables. A cached answer carries
-- the sum of a workspace's counters when it was computed and is stale as soon as the sum moves. Counters
-- only ever grow (a replay keeps counting up), so a sum never repeats and an old answer never looks fresh.
CREATE TABLE analytics_stamps (
    workspace_id uuid   NOT NULL,
    source       text   NOT NULL,
    stamp        bigint NOT NULL,
    PRIMARY KEY (workspace_id, source)
);
