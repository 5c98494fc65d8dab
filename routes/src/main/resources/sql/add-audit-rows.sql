-- The audit rows of a batch of insurer calls, in one statement. A row whose request is gone (deleted by
-- the cleanup while a late poll was under way) is skipped rather than failing the batch.
insert into insurer_exchange (request_id, insurer_id, operation, attempt, http_method, http_path, request_body,
       response_status, response_body, outcome, reason, started_at, duration_ms, instance_id)
select a.request_id, a.insurer_id, a.operation, cast(a.attempt as int), a.http_method, a.http_path, a.request_body,
       cast(a.response_status as int), a.response_body, a.outcome, a.reason, cast(a.started_at as timestamptz),
       cast(a.duration_ms as int), :instance
  from unnest(cast(:requestIds as text[]), cast(:insurerIds as text[]), cast(:operations as text[]),
              cast(:attempts as text[]), cast(:methods as text[]), cast(:paths as text[]),
              cast(:requestBodies as text[]), cast(:statuses as text[]), cast(:responseBodies as text[]),
              cast(:outcomes as text[]), cast(:reasons as text[]), cast(:startedAts as text[]),
              cast(:durations as text[]))
       as a(request_id, insurer_id, operation, attempt, http_method, http_path, request_body, response_status,
            response_body, outcome, reason, started_at, duration_ms)
 where exists (select 1 from quote_request r where r.request_id = a.request_id)
