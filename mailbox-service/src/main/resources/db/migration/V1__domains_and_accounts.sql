-- Domains this deployment receives mail for, and the accounts in them.
-- Addresses are stored lower-cased (the lookup key); passwords only as bcrypt hashes.
create table mail_domain (
    id         bigint generated always as identity primary key,
    name       varchar(255) not null unique check (name = lower(name)),
    created_at timestamptz  not null default now()
);

create table account (
    id            bigint generated always as identity primary key,
    domain_id     bigint       not null references mail_domain (id),
    local_part    varchar(64)  not null,
    address       varchar(320) not null unique check (address = lower(address)),
    password_hash varchar(100) not null check (password_hash like '$2%'),
    quota_bytes   bigint       not null default 1073741824 check (quota_bytes >= 0),
    created_at    timestamptz  not null default now(),
    unique (domain_id, local_part)
);
