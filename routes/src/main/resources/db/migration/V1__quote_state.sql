-- One row per driver's request. request_id is core-app's id: the idempotency key of the whole flow.
create table quote_request (
    request_id    varchar(64)  primary key,
    user_id       varchar(64)  not null,
    -- the normalised application as sent to insurers (JSON of ru.osago.model.QuoteRequest)
    application   jsonb        not null,
    insurer_count int          not null,
    -- last event sequence number handed out; bumping it locks the row, which orders events per request
    event_seq     bigint       not null default 0,
    -- OPEN until exactly one COMPLETED event is decided, by a conditional UPDATE only one instance can win
    status        varchar(16)  not null default 'OPEN' check (status in ('OPEN', 'COMPLETED')),
    accepted_at   timestamptz  not null,
    deadline      timestamptz  not null,
    completed_at  timestamptz
);

create index quote_request_open_by_deadline on quote_request (deadline) where status = 'OPEN';
create index quote_request_completed_at on quote_request (completed_at) where status = 'COMPLETED';

-- One row per insurer per request: the state machine of ru.osago.model.InsurerStatus.
create table insurer_quote (
    request_id    varchar(64)  not null references quote_request (request_id) on delete cascade,
    insurer_id    varchar(32)  not null,
    status        varchar(16)  not null
        check (status in ('CREATED', 'IN_PROGRESS', 'COMPLETED', 'DECLINED', 'FAILED', 'TIMEOUT')),
    -- the insurer's own id for our application, known once its POST succeeded
    external_id   varchar(128),
    -- calls made to this insurer for this request, and failures in a row (reset by any good answer)
    attempts      int          not null default 0,
    failures      int          not null default 0,
    last_poll_at  timestamptz,
    -- when a poller may next take this row; also a lease while a call is in flight
    next_poll_at  timestamptz  not null,
    deadline      timestamptz  not null,
    offer_id      varchar(128),
    premium       numeric(12, 2),
    currency      char(3),
    valid_until   timestamptz,
    error         text,
    -- an answer that arrived after the request was completed: stored, never published
    late          boolean      not null default false,
    updated_at    timestamptz  not null,
    primary key (request_id, insurer_id)
);

-- the poller's claim: open rows whose time has come
create index insurer_quote_due on insurer_quote (next_poll_at) where status in ('CREATED', 'IN_PROGRESS');
