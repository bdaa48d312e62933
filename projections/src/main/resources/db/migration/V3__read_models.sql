-- Read models built by the projections module from the event stream. Every row can be rebuilt by a
-- replay, so there are no foreign keys to tables another processing group fills (its events may
-- arrive in a different order), and enum values use the contract's JSON spelling so that other
-- readers (analytics, exports) can use the columns as they are.

-- "workspaces" processing group --------------------------------------------------------------

CREATE TABLE workspaces (
    id                uuid        PRIMARY KEY,
    name              text        NOT NULL,
    owner_id          uuid        NOT NULL,
    plan              text        NOT NULL CHECK (plan IN ('free', 'pro', 'enterprise')),
    conflict_strategy text        NOT NULL
        CHECK (conflict_strategy IN ('last_writer_wins', 'field_level_merge', 'manual')),
    -- JSON names of task fields, in the order the owner gave them.
    preserve_fields   text[]      NOT NULL DEFAULT '{}',
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    -- The workspace aggregate's version after the last event applied; the idempotency gate for
    -- this row and for its members and categories.
    version           bigint      NOT NULL,
    -- Soft delete, so that the version stays readable after deletion.
    deleted           boolean     NOT NULL DEFAULT false
);

CREATE TABLE workspace_members (
    workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id      uuid        NOT NULL,
    role         text        NOT NULL CHECK (role IN ('viewer', 'member', 'admin', 'owner')),
    -- Null for the workspace's creator, who joined without an invitation.
    invited_by   uuid,
    joined_at    timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);

-- "Which workspaces is this user in?" is asked on every request.
CREATE INDEX workspace_members_user_id_idx ON workspace_members (user_id);

-- Keyed by workspace and id: category ids may be chosen by offline clients, so the same id in another
-- workspace must be another row, never an overwrite of this one.
CREATE TABLE categories (
    id           uuid        NOT NULL,
    workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name         text        NOT NULL,
    color        text,
    created_by   uuid        NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, id)
);

-- "task-list" processing group -----------------------------------------------------------------

CREATE TABLE tasks (
    id                  uuid        PRIMARY KEY,
    workspace_id        uuid        NOT NULL,
    title               text        NOT NULL,
    description         text,
    completed           boolean     NOT NULL,
    -- A rank rather than the name, so that sorting by priority is low < medium < high:
    -- 1 = low, 2 = medium, 3 = high.
    priority            smallint    NOT NULL CHECK (priority BETWEEN 1 AND 3),
    category_id         uuid,
    assigned_to         uuid,
    created_by          uuid        NOT NULL,
    due_date            timestamptz,
    completed_at        timestamptz,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    is_recurring        boolean     NOT NULL,
    -- The recurring config, flattened; it is present exactly when recurring_frequency is not null.
    recurring_frequency text        CHECK (recurring_frequency IN ('daily', 'weekly', 'monthly', 'yearly')),
    recurring_interval  integer,
    recurring_days      text[],
    recurring_end_date  timestamptz,
    recurring_count     integer,
    is_template         boolean     NOT NULL,
    parent_task_id      uuid,
    status              text        NOT NULL CHECK (status IN ('todo', 'in_progress', 'done')),
    position            integer,
    -- The task's number within its recurring series (1 for tasks that do not recur).
    occurrence          integer     NOT NULL,
    -- The task aggregate's version after the last event applied; the idempotency gate.
    version             bigint      NOT NULL,
    -- Soft delete, so that the version stays readable after deletion.
    deleted             boolean     NOT NULL DEFAULT false
);

-- Workspace-wide changes (category or workspace deleted) touch deleted rows too; the leading
-- workspace_id also serves them.
CREATE INDEX tasks_workspace_category_idx ON tasks (workspace_id, category_id);

-- The list only ever shows live tasks, so its filter and sort indexes leave deleted ones out.
CREATE INDEX tasks_list_status_idx ON tasks (workspace_id, status) WHERE NOT deleted;
CREATE INDEX tasks_list_priority_idx ON tasks (workspace_id, priority) WHERE NOT deleted;
CREATE INDEX tasks_list_assigned_to_idx ON tasks (workspace_id, assigned_to) WHERE NOT deleted;
CREATE INDEX tasks_list_due_date_idx ON tasks (workspace_id, due_date) WHERE NOT deleted;
CREATE INDEX tasks_list_created_at_idx ON tasks (workspace_id, created_at) WHERE NOT deleted;
CREATE INDEX tasks_list_updated_at_idx ON tasks (workspace_id, updated_at) WHERE NOT deleted;
CREATE INDEX tasks_list_position_idx ON tasks (workspace_id, position) WHERE NOT deleted;
CREATE INDEX tasks_list_recurring_idx ON tasks (workspace_id) WHERE is_recurring AND NOT deleted;

CREATE TABLE task_tags (
    task_id uuid    NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    -- Position of the tag in the task's list; tags come back in the order the user gave them.
    ordinal integer NOT NULL,
    tag     text    NOT NULL,
    PRIMARY KEY (task_id, tag)
);

-- Filtering by tag (and, later, tag suggestions) starts from the tag.
CREATE INDEX task_tags_tag_idx ON task_tags (tag);
