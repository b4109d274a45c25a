-- Substring search through an index: the two- and three-character pieces of every run of letters
-- and digits in a message's decoded header and body text (SearchGrams explains the choice: Korean
-- words of two syllables, particles written onto words, IMAP's substring semantics). Messages
-- stored before this column hold the marker '*' ("not indexed"): every search includes them and
-- checks their text, as it did before. The column default is a constant, so adding it does not
-- rewrite the table.
alter table message add column search_grams tsvector not null default '''*'''::tsvector;
create index message_search_grams on message using gin (search_grams);

-- THREAD=REFERENCES (RFC 5256): the References field as written, kept at delivery so threading a
-- mailbox reads a short column. Older messages find it in header_text.
alter table message add column thread_references text;
