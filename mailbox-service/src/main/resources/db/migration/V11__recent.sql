-- IMAP4rev1's \Recent (RFC 3501 §2.3.2): a message is recent to the first session that selects
-- its mailbox read-write after it arrived. Every UID at or above first_recent_uid has not been
-- claimed by such a session yet; SELECT claims up to uid_next, a selected session claims what
-- arrives while it is selected. Messages already stored count as seen by a session before.
alter table mailbox add column first_recent_uid bigint not null default 1;
update mailbox set first_recent_uid = uid_next;
