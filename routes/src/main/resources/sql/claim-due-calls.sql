-- Claims up to :oldestFirst rows whose time has come, longest due first (or :newestFirst, newest first),
-- leasing each until :leaseUntil: open rows before their deadline, and TIMEOUT rows still polled for a late
-- offer (until late_poll_until, which then stands in for the deadline).
-- One statement: the row locks of FOR UPDATE SKIP LOCKED last until it commits, so two instances
-- never claim the same row (a SELECT … FOR UPDATE on an auto-commit connection would release them at once).
-- The first condition repeats the predicate of the index insurer_quote_due, so the planner walks that
-- index in next_poll_at order and stops at its limit; rows are then updated by their ctid (locked, so
-- it cannot move) with a TID scan, not joined back over the whole table. Only a row still CREATED needs its
-- request's application (for the POST): the subquery runs for those alone, not a primary key probe per row.
with oldest as (
    select i.ctid as row_id
      from insurer_quote i
     where i.next_poll_at <= :#now
       and (i.status in ('CREATED', 'IN_PROGRESS') or i.late_poll_until is not null)
       and ((i.status in ('CREATED', 'IN_PROGRESS') and i.deadline > :#now) or i.late_poll_until > :#now)
     order by i.next_poll_at
     limit :#oldestFirst
       for update skip locked
), newest as (
    -- the same rows from the other end of the index (ClaimGovernor: while intake is behind); a poll sets
    -- one of the two limits to 0, and a LIMIT 0 reads nothing
    select i.ctid as row_id
      from insurer_quote i
     where i.next_poll_at <= :#now
       and (i.status in ('CREATED', 'IN_PROGRESS') or i.late_poll_until is not null)
       and ((i.status in ('CREATED', 'IN_PROGRESS') and i.deadline > :#now) or i.late_poll_until > :#now)
     order by i.next_poll_at desc
     limit :#newestFirst
       for update skip locked
)
update insurer_quote q
   set next_poll_at = :#leaseUntil,
       attempts = q.attempts + 1,
       last_poll_at = :#now
 where q.ctid = any(array(select row_id from oldest union all select row_id from newest))
returning q.request_id, q.insurer_id, q.status, q.external_id, q.attempts, q.failures,
          case when q.status = 'TIMEOUT' then q.late_poll_until else q.deadline end as deadline,
          case when q.status = 'CREATED'
               then (select r.application::text from quote_request r where r.request_id = q.request_id)
          end as application
