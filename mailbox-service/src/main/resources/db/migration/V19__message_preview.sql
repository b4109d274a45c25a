-- The first words of each message's text (MessagePreview), parsed once when it is stored, for the
-- web client's list and IMAP's PREVIEW. Messages stored before this have none (null): the list
-- shows no line for them.
alter table message add column preview text;
