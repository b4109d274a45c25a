-- Which messages have today's search data (V15's index pieces and References, and the decoded text
-- as the parser reads it now). Rows stored before V15 get 0 and are brought up to date in the
-- background by SearchReindexer, a batch at a time; until then searches find them by scanning, as
-- before. Rows inserted from now on are 1 by default: the service computes their pieces at store
-- time.
alter table message add column search_version smallint not null default 0;
update message set search_version = 1 where search_grams <> '''*'''::tsvector;
alter table message alter column search_version set default 1;
create index message_search_outdated on message (id) where search_version = 0;
