-- What operators switched at run time, one row per insurer an operator ever touched (no row: enabled, breaker
-- not forced). Every instance reads it every few seconds (the insurer-control route) and obeys it.
create table insurer_control (
    insurer_id          varchar(32)  primary key,
    enabled             boolean      not null default true,
    breaker_forced_open boolean      not null default false,
    updated_at          timestamptz  not null,
    updated_by          varchar(64)  not null
);

-- Who did what to which insurer, when and why: one row per control action, never updated or deleted.
create table operator_action (
    id          bigserial    primary key,
    at          timestamptz  not null,
    operator    varchar(64)  not null,
    insurer_id  varchar(32)  not null,
    action      varchar(32)  not null,
    reason      text         not null
);

-- Each instance's calls to each insurer, one row per sample period (osago.operator.sample-period-ms): the
-- operator API merges the last minutes across instances without reading insurer_exchange (the hot path's
-- audit, a day of rows). latency_buckets counts calls per latency bucket (bounds in LatencyBuckets).
-- Deleted after osago.operator.keep by the sampling route.
create table insurer_sample (
    sampled_at      timestamptz  not null,
    insurer_id      varchar(32)  not null,
    instance_id     varchar(64)  not null,
    calls           int          not null,
    successes       int          not null,
    latency_buckets bigint[]     not null,
    last_error      text,
    last_error_at   timestamptz,
    primary key (sampled_at, insurer_id, instance_id)
);

-- Each instance's breaker state per insurer, refreshed every sample period (seen_at), so an instance gone
-- for good drops out of the operator API's view once its rows are old.
create table insurer_breaker (
    insurer_id   varchar(32)  not null,
    instance_id  varchar(64)  not null,
    state        varchar(24)  not null,
    changed_at   timestamptz,
    seen_at      timestamptz  not null,
    primary key (insurer_id, instance_id)
);
