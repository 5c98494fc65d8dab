-- Ends insurers of OPEN requests (their request rows are locked by this transaction) with a final status.
-- An insurer already final (a duplicate answer) is left alone, and is not returned: it gets no event.
update insurer_quote q
   set status = o.status,
       offer_id = o.offer_id,
       premium = cast(o.premium as numeric),
       currency = o.currency,
       valid_until = cast(o.valid_until as timestamptz),
       error = o.reason,
       -- no poller takes it again (see record-progress.sql)
       next_poll_at = 'infinity',
       updated_at = :now
  from unnest(cast(:requestIds as text[]), cast(:insurerIds as text[]), cast(:statuses as text[]),
              cast(:offerIds as text[]), cast(:premiums as text[]), cast(:currencies as text[]),
              cast(:validUntils as text[]), cast(:reasons as text[]))
       as o(request_id, insurer_id, status, offer_id, premium, currency, valid_until, reason)
 where q.request_id = o.request_id
   and q.insurer_id = o.insurer_id
   and q.status in ('CREATED', 'IN_PROGRESS')
returning q.request_id, q.insurer_id
