-- Final answers for requests already COMPLETED: an insurer that timed out answered after all. Its answer
-- is kept, marked late, for audit and support, and its late polling ends; nothing is published.
update insurer_quote q
   set late = true,
       late_poll_until = null,
       offer_id = o.offer_id,
       premium = cast(o.premium as numeric),
       currency = o.currency,
       valid_until = cast(o.valid_until as timestamptz),
       error = coalesce(o.reason, q.error),
       -- no poller takes it again (see record-progress.sql)
       next_poll_at = 'infinity',
       updated_at = :now
  from unnest(cast(:requestIds as text[]), cast(:insurerIds as text[]), cast(:offerIds as text[]),
              cast(:premiums as text[]), cast(:currencies as text[]), cast(:validUntils as text[]),
              cast(:reasons as text[]))
       as o(request_id, insurer_id, offer_id, premium, currency, valid_until, reason)
 where q.request_id = o.request_id
   and q.insurer_id = o.insurer_id
   and q.status = 'TIMEOUT'
   and not q.late
