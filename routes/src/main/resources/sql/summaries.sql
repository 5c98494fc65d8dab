-- The COMPLETED event's summary of each request: what every insurer came to, and the cheapest offer.
select request_id,
       count(*) as total,
       count(*) filter (where status = 'COMPLETED') as offers,
       count(*) filter (where status = 'DECLINED') as declined,
       count(*) filter (where status = 'FAILED') as failed,
       count(*) filter (where status = 'TIMEOUT') as timed_out,
       (array_agg(insurer_id order by premium, insurer_id) filter (where status = 'COMPLETED'))[1] as best_insurer,
       min(premium) filter (where status = 'COMPLETED') as best_premium
  from insurer_quote
 where request_id = any(cast(:requestIds as text[]))
 group by request_id
