-- Of the given requests, those with no insurer left open: complete at once, before their deadline.
select r.request_id
  from unnest(cast(:requestIds as text[])) as r(request_id)
 where not exists (select 1 from insurer_quote q
                    where q.request_id = r.request_id and q.status in ('CREATED', 'IN_PROGRESS'))
