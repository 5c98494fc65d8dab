-- The outbox keeps a committed batch's events in one row, the JSON array they are sent from, instead of one
-- row per event: at 150 requests/s that was 6 rows inserted and 6 deleted per request, each with a primary
-- key entry. Now it is one row per batch of outcomes or completions, whatever the batch's size.
alter table event_outbox rename to event_outbox_by_event;
-- its key too, so that the new table's key is named event_outbox_pkey
alter index event_outbox_pkey rename to event_outbox_by_event_pkey;

create table event_outbox (
    id          bigint       generated always as identity primary key,
    -- the batch's events: a JSON array of ru.osago.model.QuoteEvent, in the order they are sent
    events      text         not null,
    created_at  timestamptz  not null
);

-- a row is compressed or moved to TOAST only past 8160 bytes (the default is 2032), so a typical batch stays in
-- its row as written (16 events, about 6 kB, at 150 requests/s); every row is deleted within milliseconds of
-- its insert, so vacuum it often
alter table event_outbox set (toast_tuple_target = 8160, autovacuum_vacuum_scale_factor = 0,
                              autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_cost_delay = 0);

-- events the old outbox still holds (an instance stopped before this migration never sent them), one row each
insert into event_outbox (events, created_at)
select '[' || payload || ']', created_at from event_outbox_by_event order by created_at;

drop table event_outbox_by_event;
