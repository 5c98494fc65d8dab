-- Events decided in a database transaction, kept until the broker has them. The transaction that changes
-- state writes its events here; after its commit they are sent in one JMS transaction and deleted. A crash
-- in between leaves them here, and the event-relay route sends them again (event ids are deterministic,
-- and core-app stores each id once, so a second send is harmless).
create table event_outbox (
    event_id    varchar(200) primary key,
    request_id  varchar(64)  not null,
    -- the event as sent to rs.queue (JSON of ru.osago.model.QuoteEvent)
    payload     text         not null,
    event_type  varchar(32)  not null,
    created_at  timestamptz  not null
);

create index event_outbox_created_at on event_outbox (created_at);

-- Every insurer call updates its row a few times; room on the page lets PostgreSQL make those updates
-- HOT (no index entries written) when no indexed column changes.
alter table insurer_quote set (fillfactor = 80);
