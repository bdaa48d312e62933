-- Single-use tokens mailed to a user: email verification and password reset. As with refresh tokens, only the
-- SHA-256 of the random token is kept, so a read of this table (or a backup) verifies and resets nothing.
create table account_tokens (
    id         uuid primary key,
    user_id    uuid        not null references users (id) on delete cascade,
    purpose    text        not null check (purpose in ('verify_email', 'reset_password')),
    token_hash text        not null unique,
    expires_at timestamptz not null,
    used_at    timestamptz,
    created_at timestamptz not null
);

create index account_tokens_user_id_idx on account_tokens (user_id, purpose);
