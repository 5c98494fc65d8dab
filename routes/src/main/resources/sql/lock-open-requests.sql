-- Locks the requests of a batch's final answers that are still OPEN, in one order (request id) so two
-- batches never wait for each other in a cycle. FOR NO KEY UPDATE: the audit rows' foreign key checks
-- (KEY SHARE) do not wait for it.
select request_id, event_seq
  from quote_request
 where request_id = any(cast(:requestIds as text[]))
   and status = 'OPEN'
 order by request_id
   for no key update
