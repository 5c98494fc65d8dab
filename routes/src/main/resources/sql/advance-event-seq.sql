-- The last event sequence number handed out, per request of the batch (rows locked by this transaction).
update quote_request r
   set event_seq = cast(s.seq as bigint)
  from unnest(cast(:requestIds as text[]), cast(:seqs as text[])) as s(request_id, seq)
 where r.request_id = s.request_id
