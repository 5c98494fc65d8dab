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

-- no index on created_at: the table holds only events in flight, and the relay's scan every few seconds
-- is cheaper than an index entry written and deleted per event

-- Every insurer call updates its row twice (the claim's lease, then the outcome), and both change
-- next_poll_at, which insurer_quote_due indexes: each leaves a dead row version and dead index entries
-- that the claim's index scan walks over until vacuum removes them. Vacuum it after 2 % of the rows
-- changed (20 % by default) and without the cost-based pauses, so it keeps up with the churn; the
-- outbox is all churn (every row inserted, then deleted within milliseconds).
alter table insurer_quote set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02,
                               autovacuum_vacuum_cost_delay = 0, fillfactor = 90);
alter table quote_request set (autovacuum_vacuum_scale_factor = 0.05, autovacuum_vacuum_cost_delay = 0);
alter table event_outbox set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                              autovacuum_vacuum_cost_delay = 0);
