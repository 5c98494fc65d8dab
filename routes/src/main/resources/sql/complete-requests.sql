-- The one COMPLETED of each request (rows locked by this transaction, still OPEN), with its last event's seq.
update quote_request r
   set status = 'COMPLETED',
       completed_at = :now,
       event_seq = cast(c.seq as bigint)
  from unnest(cast(:requestIds as text[]), cast(:seqs as text[])) as c(request_id, seq)
 where r.request_id = c.request_id
   and r.status = 'OPEN'
