-- The outcomes of a batch that leave an insurer open, in one statement:
--   CREATED   the insurer took our application under external_id: poll it from next_poll
--             (a POST that succeeded only after the request timed out still gets it, so the late offer is fetched);
--   PENDING   still working;
--   RETRY     a failure worth retrying: one more failure in a row;
--   DEFERRED  not called at all (the insurer's rate limit or concurrency was used up): the claim's attempt is given back.
-- A late poll whose next one would come at the end of the late window (the schedule stops there) ends the
-- late polling: the row leaves insurer_quote_due instead of staying in it, never claimed again.
-- Rows no poller will take get next_poll_at 'infinity' (see V4): the planner's estimate of how many rows
-- are due, taken from next_poll_at over the whole table, then counts only rows that may be.
update insurer_quote q
   set external_id = case when o.kind = 'CREATED' then o.external_id else q.external_id end,
       status = case when o.kind = 'CREATED' and q.status = 'CREATED' then 'IN_PROGRESS' else q.status end,
       late_poll_until = case when o.kind = 'CREATED' and q.status = 'TIMEOUT'
                                   then q.deadline + cast(:lateWindow as interval)
                              when q.status = 'TIMEOUT' and cast(o.next_poll as timestamptz) >= q.late_poll_until
                                   then null
                              else q.late_poll_until end,
       failures = case o.kind when 'RETRY' then q.failures + 1 when 'DEFERRED' then q.failures else 0 end,
       attempts = case when o.kind = 'DEFERRED' then greatest(q.attempts - 1, 0) else q.attempts end,
       error = case when o.kind = 'RETRY' then o.reason else q.error end,
       next_poll_at = case when o.kind <> 'CREATED' and q.status = 'TIMEOUT'
                                and cast(o.next_poll as timestamptz) >= q.late_poll_until
                           then 'infinity' else cast(o.next_poll as timestamptz) end,
       updated_at = :now
  from unnest(cast(:requestIds as text[]), cast(:insurerIds as text[]), cast(:kinds as text[]),
              cast(:externalIds as text[]), cast(:reasons as text[]), cast(:nextPolls as text[]))
       as o(request_id, insurer_id, kind, external_id, reason, next_poll)
 where q.request_id = o.request_id
   and q.insurer_id = o.insurer_id
   and case when o.kind = 'CREATED'
            then q.external_id is null and (q.status = 'CREATED' or q.status = 'TIMEOUT' and not q.late)
            else q.status in ('CREATED', 'IN_PROGRESS') or q.late_poll_until is not null
       end
