-- The COMPLETED event's summary of each request: what every insurer came to, and the cheapest offer;
-- and for the request metrics, when it was accepted, when its first offer was recorded, and the calls made.
select q.request_id,
       count(*) as total,
       count(*) filter (where q.status = 'COMPLETED') as offers,
       count(*) filter (where q.status = 'DECLINED') as declined,
       count(*) filter (where q.status = 'FAILED') as failed,
       count(*) filter (where q.status = 'TIMEOUT') as timed_out,
       (array_agg(q.insurer_id order by q.premium, q.insurer_id) filter (where q.status = 'COMPLETED'))[1] as best_insurer,
       min(q.premium) filter (where q.status = 'COMPLETED') as best_premium,
       r.accepted_at,
       min(q.updated_at) filter (where q.status = 'COMPLETED') as first_offer_at,
       sum(q.attempts) as calls
  from insurer_quote q
  join quote_request r on r.request_id = q.request_id
 where q.request_id = any(cast(:requestIds as text[]))
 group by q.request_id, r.accepted_at
