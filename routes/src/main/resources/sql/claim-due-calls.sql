-- Claims up to :batchSize rows whose time has come, leasing each until :leaseUntil: open rows before
-- their deadline, and TIMEOUT rows still polled for a late offer (until late_poll_until, which then
-- stands in for the deadline).
-- One statement: the row locks of FOR UPDATE SKIP LOCKED last until it commits, so two instances
-- never claim the same row (a SELECT … FOR UPDATE on an auto-commit connection would release them at once).
-- The first condition repeats the predicate of the index insurer_quote_due, so the planner walks that
-- index in next_poll_at order and stops at :batchSize; rows are then updated by their ctid (locked, so
-- it cannot move) with a TID scan, not joined back over the whole table. Only a row still CREATED needs its
-- request's application (for the POST): the subquery runs for those alone, not a primary key probe per row.
with due as (
    select i.ctid as row_id
      from insurer_quote i
     where i.next_poll_at <= :#now
       and (i.status in ('CREATED', 'IN_PROGRESS') or i.late_poll_until is not null)
       and ((i.status in ('CREATED', 'IN_PROGRESS') and i.deadline > :#now) or i.late_poll_until > :#now)
     order by i.next_poll_at
     limit :#batchSize
       for update skip locked
)
update insurer_quote q
   set next_poll_at = :#leaseUntil,
       attempts = q.attempts + 1,
       last_poll_at = :#now
 where q.ctid = any(array(select row_id from due))
returning q.request_id, q.insurer_id, q.status, q.external_id, q.attempts, q.failures,
          case when q.status = 'TIMEOUT' then q.late_poll_until else q.deadline end as deadline,
          case when q.status = 'CREATED'
               then (select r.application::text from quote_request r where r.request_id = q.request_id)
          end as application
