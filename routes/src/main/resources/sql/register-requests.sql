-- A batch of new requests from intake, in one statement: each request's row, and one CREATED row per
-- insurer asked, due at :nextPoll. A request id stored before inserts nothing (nor does a second copy in
-- the same batch); the ids returned are the requests that are new. An insurer's own deadline is the request's
-- less :ahead, when the completion tick decides the request: its calls are planned to be answered by then.
with new_request as (
    insert into quote_request (request_id, user_id, application, insurer_count, event_seq, accepted_at, deadline, accepted_by)
    select r.request_id, r.user_id, cast(r.application as jsonb), :count, 1, :now, cast(r.deadline as timestamptz), :instance
      from unnest(cast(:requestIds as text[]), cast(:userIds as text[]), cast(:applications as text[]),
                  cast(:deadlines as text[])) as r(request_id, user_id, application, deadline)
        on conflict (request_id) do nothing
    returning request_id, deadline
), insurer_row as (
    insert into insurer_quote (request_id, insurer_id, status, attempts, next_poll_at, deadline, updated_at)
    select n.request_id, i.insurer_id, 'CREATED', 0, :nextPoll, n.deadline - cast(:ahead as interval), :now
      from new_request n
     cross join unnest(cast(:insurerIds as text[])) as i(insurer_id)
)
select request_id from new_request
