-- Search data version 2 (SearchGrams.VERSION): header_text and body_text are stored folded (each
-- letter lower-cased alone), so SEARCH compares a folded query with them directly instead of
-- lower-casing the text of every candidate, which was three quarters of the time of a SEARCH TEXT
-- for a common word. Rows written before are folded in the background by SearchReindexer; until
-- then a search lower-cases theirs as before (SearchQuery). New rows say which version they are.
alter table message alter column search_version set default 2;
drop index message_search_outdated;
create index message_search_outdated on message (id) where search_version < 2;
