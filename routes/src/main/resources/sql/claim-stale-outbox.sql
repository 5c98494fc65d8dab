-- Events a crashed (or cut off) instance committed but never sent: older than a batch ever takes.
select event_id, request_id, payload, event_type
  from event_outbox
 where created_at < :before
 order by created_at
 limit :limit
   for update skip locked
