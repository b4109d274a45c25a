-- The search index's pending list is merged outside filing by SearchIndexMerger (every second);
-- PostgreSQL merges it inside an insert only once it passes this limit, a backstop for when the
-- merger falls behind or cannot run (the default, 4 MB, is about a second of filing at full rate).
alter index message_search_grams set (gin_pending_list_limit = 16384);
