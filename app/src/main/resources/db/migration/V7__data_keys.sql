-- Data keys of field encryption at rest (envelope encryption). Each key is random, stored only wrapped by a
-- master key from the environment; master_key_id says which one, so that master keys can rotate. Destroying a
-- key (workspace deleted, account erased) drops the wrapped bytes: every field it protected is then unreadable,
-- in the event store too. The row stays as a tombstone so that the scope never silently gets a fresh key.
create table data_keys (
    key_id        uuid primary key,
    scope         text        not null check (scope in ('workspace', 'user')),
    scope_id      uuid        not null,
    wrapped_key   bytea,
    master_key_id text,
    created_at    timestamptz not null,
    destroyed_at  timestamptz,
    constraint data_keys_scope_uk unique (scope, scope_id),
    constraint data_keys_wrapped_or_destroyed check (
        (destroyed_at is null and wrapped_key is not null and master_key_id is not null)
        or (destroyed_at is not null and wrapped_key is null))
);

create index data_keys_master_key_id_idx on data_keys (master_key_id) where destroyed_at is null;

-- Erasure scrubs an account in place: the email is freed (null) and the password hash is gone, so that nothing
-- about the person remains while the id still explains old events' user ids.
alter table users alter column email drop not null;
alter table users alter column password_hash drop not null;
