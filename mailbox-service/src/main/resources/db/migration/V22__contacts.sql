-- An account's address book: people the user added (the webmail suggests them first while
-- writing). An address once per account, kept as written with its lower-cased form as the key.
create table contact (
    account_id  bigint       not null references account (id) on delete cascade,
    address_key varchar(320) not null check (address_key = lower(address_key)),
    address     varchar(320) not null,
    name        varchar(200) not null default '',
    created_at  timestamptz  not null default now(),
    primary key (account_id, address_key)
);
