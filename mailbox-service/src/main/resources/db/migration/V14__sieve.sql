-- Sieve scripts (RFC 5228), managed over ManageSieve (RFC 5804) and the webmail: several per
-- account, at most one active, the one delivery runs.
create table sieve_script (
    account_id bigint       not null references account (id) on delete cascade,
    name       varchar(128) not null,
    content    text         not null,
    active     boolean      not null default false,
    updated_at timestamptz  not null default now(),
    primary key (account_id, name)
);
create unique index sieve_script_one_active on sieve_script (account_id) where active;

-- What duplicate (RFC 7352) and vacation (RFC 5230, one answer per sender per :days) remember:
-- (account, handle, id) → until when. Rows past their time are forgotten at the next look.
create table sieve_memory (
    account_id bigint        not null references account (id) on delete cascade,
    handle     varchar(300)  not null,
    id         varchar(1000) not null,
    seen_at    timestamptz   not null,
    expires_at timestamptz   not null,
    primary key (account_id, handle, id)
);
