-- Webmail sign-ins (issue 15 item 14), kept here so that every webmail replica asks the same
-- place: logout deletes one, a password change or a disable deletes an account's, deleting the
-- account deletes them with it. Only a SHA-256 of the token is stored, never the token.
create table web_session (
    token_hash  bytea       primary key,
    account_id  bigint      not null references account (id) on delete cascade,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null
);
create index web_session_account on web_session (account_id);
create index web_session_expiry on web_session (expires_at);
