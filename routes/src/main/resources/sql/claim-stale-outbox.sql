-- Batches a crashed (or cut off) instance committed but never sent: older than a batch ever takes.
select id, events
  from event_outbox
 where created_at < :before
 order by id
 limit :limit
   for update skip locked
