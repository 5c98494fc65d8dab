-- The open insurer rows of requests being completed, locked in the order of lock-insurer-rows.sql.
select 1
  from insurer_quote
 where request_id = any(cast(:requestIds as text[]))
   and status in ('CREATED', 'IN_PROGRESS')
 order by request_id, insurer_id
   for no key update
