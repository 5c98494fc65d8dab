-- Events the broker has: no longer needed here.
delete from event_outbox where event_id = any(cast(:eventIds as text[]))
