-- Insurers often answer after the 60 s deadline. A TIMEOUT row whose insurer holds our application
-- is still polled until late_poll_until, so its offer is stored (late = true) for audit and support,
-- never published: the driver's quote was completed at the deadline.
alter table insurer_quote add column late_poll_until timestamptz;

drop index insurer_quote_due;
create index insurer_quote_due on insurer_quote (next_poll_at)
    where status in ('CREATED', 'IN_PROGRESS') or late_poll_until is not null;

-- What was sent to and received from each insurer, call by call (seed 002: kept for audit with
-- the request, and deleted with it after the retention).
create table insurer_exchange (
    id              bigserial    primary key,
    request_id      varchar(64)  not null references quote_request (request_id) on delete cascade,
    insurer_id      varchar(32)  not null,
    -- CREATE (POST the application) or POLL (GET the offer)
    operation       varchar(8)   not null,
    attempt         int          not null,
    http_method     varchar(8),
    http_path       varchar(512),
    -- the body as sent, in the insurer's dialect (CREATE only)
    request_body    text,
    -- absent when no answer came (timeout, reset, open breaker)
    response_status int,
    -- as received, cut to osago.audit.max-body-chars
    response_body   text,
    -- what we made of it (InsurerReply.Kind) and why
    outcome         varchar(16)  not null,
    reason          text,
    started_at      timestamptz  not null,
    duration_ms     int          not null,
    -- the aggregator instance that made the call (osago.instance-id)
    instance_id     varchar(64)
);

-- the aggregator instance whose intake accepted the request
alter table quote_request add column accepted_by varchar(64);

create index insurer_exchange_request on insurer_exchange (request_id, id);
