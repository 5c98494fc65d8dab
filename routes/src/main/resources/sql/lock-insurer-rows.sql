-- Locks the given insurer rows in one order (request id, insurer id) before a statement updates them:
-- every multi-row update of insurer rows that another transaction may also touch (a batch's outcomes, the
-- deadline's time-outs) takes its locks in this order first, so two of them never wait for each other in
-- a cycle (PostgreSQL would abort one after a second's wait).
select 1
  from insurer_quote q
  join unnest(cast(:requestIds as text[]), cast(:insurerIds as text[])) as k(request_id, insurer_id)
    on q.request_id = k.request_id and q.insurer_id = k.insurer_id
 order by q.request_id, q.insurer_id
   for no key update of q
