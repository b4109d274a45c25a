-- Parsed data version 3 (SearchGrams.VERSION) adds the preview (V19). Messages stored since V19
-- have one and are current; those stored before it are left at version 2 and get their preview
-- from SearchReindexer in the background, a batch at a time, with the rest of their parsed data.
-- (Messages since V19 whose text has no words have none either: they are parsed once more, no harm.)
update message set search_version = 3 where search_version = 2 and preview is not null;
alter table message alter column search_version set default 3;
drop index message_search_outdated;
create index message_search_outdated on message (id) where search_version < 3;
