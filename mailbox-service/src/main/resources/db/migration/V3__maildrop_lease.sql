-- POP3 (RFC 1939 §8) allows one session per maildrop. Gateways are replicas, so the lock lives
-- here: a lease with a holder and an expiry, renewed while the session lives, released on QUIT.
-- A gateway that dies leaves a lease that simply runs out.
create table maildrop_lease (
    account_id bigint       primary key references account (id) on delete cascade,
    holder     varchar(200) not null,
    expires_at timestamptz  not null
);
