-- What an account writes as: for its own address and each of its aliases, the display name and
-- the signature the web client puts under a new message. Only addresses the account has are kept
-- (IdentitySettings checks); a row goes with its account, and one whose alias is removed is no
-- longer listed (it comes back if the alias does).
create table identity_setting (
    account_id   bigint       not null references account (id) on delete cascade,
    address      varchar(320) not null check (address = lower(address)),
    display_name varchar(200) not null default '',
    signature    text         not null default '',
    updated_at   timestamptz  not null default now(),
    primary key (account_id, address)
);
