-- Facts of the event stream that read models apply to other aggregates' rows: a deleted workspace erases its tasks,
-- a deleted category leaves its tasks without one. The projections that apply them are sequenced per aggregate, so
-- they may handle a task's event after such a fact; they look here, which makes the order not matter. Each row is a
-- permanent fact (deleted workspaces and category ids are never reused): never removed, not emptied by replays.
create table deleted_workspaces (
    workspace_id uuid not null,
    constraint deleted_workspaces_pkey primary key (workspace_id)
);

create table deleted_categories (
    workspace_id uuid not null,
    category_id  uuid not null,
    constraint deleted_categories_pkey primary key (workspace_id, category_id)
);
