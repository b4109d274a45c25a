-- Mailboxes with IMAP semantics, messages stored once, and the links between them.

alter table account add column used_bytes bigint not null default 0 check (used_bytes >= 0);

-- An address that delivers to one or more accounts. '@domain' is the domain's catch-all.
create table alias (
    id         bigint generated always as identity primary key,
    address    varchar(320) not null check (address = lower(address)),
    account_id bigint       not null references account (id) on delete cascade,
    unique (address, account_id)
);
create index alias_account on alias (account_id);

-- One folder of an account. name is the full path with '/' as the hierarchy delimiter; INBOX is
-- always spelled 'INBOX'. uid_next and highest_modseq are taken under the row lock, never from a
-- sequence shared across mailboxes, so UIDs ascend strictly per mailbox.
-- UIDVALIDITY values: unique across all mailboxes ever made, starting near the epoch seconds of
-- the first migration so a re-created mailbox never repeats an old value.
create sequence uid_validity_seq minvalue 1 maxvalue 4294967295 start with 1790000000;

create table mailbox (
    id             bigint generated always as identity primary key,
    account_id     bigint        not null references account (id) on delete cascade,
    name           varchar(1000) not null,
    special_use    varchar(16)   check (special_use in ('\Sent', '\Drafts', '\Trash', '\Junk', '\Archive', '\All', '\Flagged')),
    uid_validity   bigint        not null default nextval('uid_validity_seq') check (uid_validity between 1 and 4294967295),
    uid_next       bigint        not null default 1 check (uid_next between 1 and 4294967296),
    highest_modseq bigint        not null default 1 check (highest_modseq >= 1),
    subscribed     boolean       not null default true,
    created_at     timestamptz   not null default now(),
    unique (account_id, name)
);

-- A message's bytes, stored once per distinct content (sha256) however many mailboxes hold it.
-- raw is bytea with EXTERNAL storage (no compression) so substring() reads a byte range without
-- de-toasting the whole value. envelope and body_structure are parsed once, at store time.
create table message (
    id             bigint generated always as identity primary key,
    sha256         bytea        not null unique,
    size           bigint       not null,
    header_size    integer      not null,
    raw            bytea        not null,
    envelope       jsonb        not null,
    body_structure jsonb        not null,
    sent_date      timestamptz,
    header_text    text         not null,  -- "Name: decoded value" per line, for SEARCH on headers
    body_text      text         not null,  -- decoded text parts, for SEARCH BODY
    created_at     timestamptz  not null default now()
);
alter table message alter column raw set storage external;

-- A message in a mailbox. system_flags is a bit set: 1 \Seen, 2 \Answered, 4 \Flagged,
-- 8 \Deleted, 16 \Draft. Keywords are IMAP keywords such as $Forwarded or $Junk.
create table mailbox_entry (
    mailbox_id    bigint      not null references mailbox (id) on delete cascade,
    uid           bigint      not null check (uid between 1 and 4294967295),
    message_id    bigint      not null references message (id),
    system_flags  smallint    not null default 0,
    keywords      text[]      not null default '{}',
    modseq        bigint      not null,
    internal_date timestamptz not null,
    size          bigint      not null,
    primary key (mailbox_id, uid)
);
create index mailbox_entry_modseq on mailbox_entry (mailbox_id, modseq);
create index mailbox_entry_message on mailbox_entry (message_id);

-- What was expunged at which modseq: QRESYNC's VANISHED (EARLIER) and client resync.
create table expunge_log (
    mailbox_id bigint not null references mailbox (id) on delete cascade,
    uid        bigint not null,
    modseq     bigint not null,
    primary key (mailbox_id, uid)
);
create index expunge_log_modseq on expunge_log (mailbox_id, modseq);

-- Inbound deliveries already decided: (queue id, account) makes a redelivered record harmless.
-- outcome 'filed' (mailbox_id, uid say where) or 'failed' (reported on mail.delivery.status).
create table inbound_delivery (
    queue_id   varchar(64) not null,
    account_id bigint      not null references account (id) on delete cascade,
    outcome    varchar(8)  not null check (outcome in ('filed', 'failed')),
    mailbox_id bigint,
    uid        bigint,
    decided_at timestamptz not null default now(),
    primary key (queue_id, account_id)
);
