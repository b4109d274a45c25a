-- IMAP QUOTA's MESSAGE resource (RFC 9208 §5.2): how many messages an account may hold over all
-- its mailboxes. quota_messages null: no limit (the default; the STORAGE quota still applies).
-- used_messages is kept beside used_bytes, under the same account row, by every append, copy,
-- expunge and mailbox deletion.
alter table account add column quota_messages bigint check (quota_messages >= 1);
alter table account add column used_messages bigint not null default 0 check (used_messages >= 0);
update account a set used_messages = (select count(*) from mailbox_entry e join mailbox b on b.id = e.mailbox_id
                                       where b.account_id = a.id);
