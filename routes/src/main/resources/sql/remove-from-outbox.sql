-- Batches the broker has: no longer needed here.
delete from event_outbox where id = any(cast(cast(:ids as text[]) as bigint[]))
