-- Accounts are infrastructure, not event-sourced: passwords, hashes and refresh tokens never enter events.
create table users (
    id             uuid primary key,
    email          text        not null,
    name           text        not null,
    password_hash  text        not null,
    avatar         text,
    email_verified boolean     not null default false,
    last_login_at  timestamptz,
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    -- Set by account erasure; an erased account is never found, logged into or shown.
    erased_at      timestamptz
);

create unique index users_email_lower_key on users (lower(email));

-- One row per issued refresh token; only the SHA-256 of the opaque token is kept. A family is one login
-- session: rotation adds a row to the family, and reuse of a spent token revokes the whole family.
create table refresh_tokens (
    id         uuid primary key,
    family_id  uuid        not null,
    user_id    uuid        not null references users (id) on delete cascade,
    token_hash text        not null unique,
    expires_at timestamptz not null,
    used_at    timestamptz,
    revoked_at timestamptz,
    created_at timestamptz not null
);

create index refresh_tokens_family_id_idx on refresh_tokens (family_id);
create index refresh_tokens_user_id_idx on refresh_tokens (user_id);
