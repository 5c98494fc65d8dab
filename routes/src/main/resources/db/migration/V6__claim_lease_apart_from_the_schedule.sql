-- The claim's lease gets a column of its own. The claim used to lease a row by moving next_poll_at past the
-- call; next_poll_at is indexed (insurer_quote_due), so every claim was a non-HOT update: a new row version
-- wherever there was room and a new entry in both of the table's indexes, later walked over and vacuumed.
-- leased_until is in no index, so a claim is a HOT update when the row's page has room: the new version
-- stays on the page and no index changes. The outcome of the call still moves next_poll_at, and ends the lease.
alter table insurer_quote add column leased_until timestamptz;

-- room on each page for the claim's new version (HOT needs it on the row's own page); new pages only
alter table insurer_quote set (fillfactor = 80);
