-- Subscriptions are names, not mailboxes (RFC 3501 §6.3.6): one may name a mailbox that does not
-- exist (yet, or any more: DELETE does not unsubscribe), and CREATE does not subscribe.
-- Mailboxes subscribed under the old column keep their subscription.
create table subscription (
    account_id bigint        not null references account (id) on delete cascade,
    name       varchar(1000) not null,
    primary key (account_id, name)
);
insert into subscription (account_id, name) select account_id, name from mailbox where subscribed;
alter table mailbox drop column subscribed;
