-- A batch's events, in the transaction that decided them: one row, the JSON array they are sent from.
insert into event_outbox (events, created_at)
values (:events, :now)
returning id
