-- DKIM keys per domain and selector (docs/mail-authentication.md). The private key is stored only
-- sealed (AES-256-GCM under mail.dkim.key-encryption-key, which the database never sees) and is
-- wiped when the key is retired.
--   published: in the DNS records, not signing yet (a rotation waits for DNS)
--   active:    signs; at most one per domain and algorithm
--   retiring:  replaced, still published so mail in flight verifies
--   retired:   gone from DNS and from here but for its name
create table dkim_key (
    id           bigint generated always as identity primary key,
    domain_id    bigint       not null references mail_domain (id) on delete cascade,
    selector     varchar(63)  not null check (selector ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$'),
    algorithm    varchar(20)  not null check (algorithm in ('rsa-sha256', 'ed25519-sha256')),
    state        varchar(10)  not null check (state in ('published', 'active', 'retiring', 'retired')),
    public_key   bytea        not null,
    sealed_key   bytea,
    created_at   timestamptz  not null default now(),
    activated_at timestamptz,
    retired_at   timestamptz,
    unique (domain_id, selector),
    check ((state = 'retired') = (sealed_key is null))
);
create unique index dkim_key_one_active on dkim_key (domain_id, algorithm) where state = 'active';
