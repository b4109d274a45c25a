-- Failed logins, counted where every replica of mailbox-service sees them (issue 15): per
-- account, per client network and per (account, client network). A row is forgotten once its
-- last failure is older than mail.auth.failure-window; a good login deletes its pair's row.
create table login_failure (
    scope           varchar(8)   not null check (scope in ('account', 'client', 'pair')),
    key             varchar(400) not null,
    failures        integer      not null check (failures > 0),
    last_failure_at timestamptz  not null,
    primary key (scope, key)
);
create index login_failure_age on login_failure (last_failure_at);

-- A disabled account keeps its mail and receives none of the logins (SMTP AUTH, IMAP, POP3, web).
alter table account add column disabled boolean not null default false;
