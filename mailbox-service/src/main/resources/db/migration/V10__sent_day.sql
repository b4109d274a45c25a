-- SENTBEFORE, SENTON and SENTSINCE compare the Date: header's day in the zone it was written in
-- (RFC 3501 §6.4.4: "disregarding time and timezone"); sent_date keeps only the instant.
alter table message add column sent_day date;
-- messages stored before this column: their day in UTC, the best the instant can tell
update message set sent_day = (sent_date at time zone 'UTC')::date where sent_date is not null;
