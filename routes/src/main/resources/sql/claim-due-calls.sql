-- Claims up to :batchSize open rows whose time has come, leasing each until :leaseUntil.
-- One statement: the row locks of FOR UPDATE SKIP LOCKED last until it commits, so two instances
-- never claim the same row (a SELECT … FOR UPDATE on an auto-commit connection would release them at once).
update insurer_quote q
   set next_poll_at = :#leaseUntil,
       attempts = q.attempts + 1,
       last_poll_at = :#now
  from (select i.request_id, i.insurer_id
          from insurer_quote i
         where i.status in ('CREATED', 'IN_PROGRESS')
           and i.next_poll_at <= :#now
           and i.deadline > :#now
         order by i.next_poll_at
         limit :#batchSize
           for update skip locked) due,
       quote_request r
 where q.request_id = due.request_id
   and q.insurer_id = due.insurer_id
   and r.request_id = q.request_id
returning q.request_id, q.insurer_id, q.status, q.external_id, q.attempts, q.failures, q.deadline,
          case when q.status = 'CREATED' then r.application::text end as application
