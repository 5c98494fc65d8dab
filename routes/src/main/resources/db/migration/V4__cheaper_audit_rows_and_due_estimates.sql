-- Audit rows are written for every insurer call. Their foreign key to quote_request ran a lookup and a
-- row lock on the request per audit row, and the id-only primary key was a second index beside the one
-- every read uses (a request's calls in order). The insert already skips rows whose request is gone, and
-- the cleanup route deletes a request's audit rows with the request.
alter table insurer_exchange drop constraint insurer_exchange_request_id_fkey;
alter table insurer_exchange drop constraint insurer_exchange_pkey;
drop index insurer_exchange_request;
alter table insurer_exchange add primary key (request_id, id);

-- Rows no poller will take again (final, and not polled late) get next_poll_at 'infinity' from now on.
-- The planner estimates how many rows of insurer_quote_due are due from next_poll_at's statistics over the
-- whole table; with final rows' past times in them it took nearly every open row for due, and chose a
-- sequential scan of the whole table for the claim (every 50 ms, growing with the retention).
update insurer_quote set next_poll_at = 'infinity'
 where status not in ('CREATED', 'IN_PROGRESS') and late_poll_until is null;
