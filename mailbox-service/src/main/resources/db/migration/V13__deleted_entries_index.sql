-- EXPUNGE looks for the entries flagged \Deleted (bit 8): without this index it read every entry
-- of the mailbox (a 100,000-message INBOX on each EXPUNGE); with it, only the few so flagged.
-- The predicate is written exactly as MessageStore.expunge queries it, so the planner can use it.
create index mailbox_entry_deleted on mailbox_entry (mailbox_id, uid) where system_flags & 8 <> 0;
