-- A batch's events, in the transaction that decided them.
insert into event_outbox (event_id, request_id, payload, event_type, created_at)
select e.event_id, e.request_id, e.payload, e.event_type, :now
  from unnest(cast(:eventIds as text[]), cast(:requestIds as text[]), cast(:payloads as text[]),
              cast(:types as text[])) as e(event_id, request_id, payload, event_type)
    on conflict (event_id) do nothing
