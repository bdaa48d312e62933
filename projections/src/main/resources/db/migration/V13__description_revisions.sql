-- Collaborative description editing: each task's description revision, and the operations that made each revision
-- (the text-unicode JSON as applied), for clients that catch up with GET .../description/ops?since=.
-- Description changes stored before this release made no revision: existing tasks start at revision 0.
ALTER TABLE tasks ADD COLUMN description_revision bigint NOT NULL DEFAULT 0;

CREATE TABLE task_description_ops (
    task_id    uuid        NOT NULL,
    revision   bigint      NOT NULL,
    op         text        NOT NULL,
    user_id    uuid,
    client_id  uuid,
    seq        bigint,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (task_id, revision)
);
