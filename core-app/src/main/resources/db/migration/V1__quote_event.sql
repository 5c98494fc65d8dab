-- Every event osago-aggregator published for a request, as received from rs.queue.
-- event_id is deterministic (requestId/TYPE[/insurer]), so a redelivered event inserts nothing.
CREATE TABLE quote_event (
    event_id    VARCHAR(200) PRIMARY KEY,
    request_id  VARCHAR(64)  NOT NULL,
    seq         BIGINT       NOT NULL,
    type        VARCHAR(32)  NOT NULL,
    payload     JSONB        NOT NULL,
    received_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- snapshots and stream replays read one request's events in order
CREATE INDEX quote_event_request_seq ON quote_event (request_id, seq);
