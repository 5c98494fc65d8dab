-- Completing requests: every insurer still open becomes TIMEOUT. One that holds our application is
-- still polled for a while (late_poll_until), no sooner than :lateFirstPoll: its late offer is kept.
update insurer_quote
   set status = 'TIMEOUT',
       error = 'no final answer by the deadline',
       updated_at = :now,
       late_poll_until = case when external_id is not null then deadline + cast(:lateWindow as interval) end,
       -- without late polling no poller takes it again (see record-progress.sql)
       next_poll_at = case when external_id is not null then greatest(next_poll_at, :lateFirstPoll) else 'infinity' end
 where request_id = any(cast(:requestIds as text[]))
   and status in ('CREATED', 'IN_PROGRESS')
returning request_id, insurer_id
