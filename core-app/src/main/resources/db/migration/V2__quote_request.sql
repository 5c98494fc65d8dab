-- Requests core-app accepted and sent to rq.queue: tells "not known here" (404) from "no events yet".
CREATE TABLE quote_request (
    request_id   VARCHAR(64) PRIMARY KEY,
    user_id      VARCHAR(64) NOT NULL,
    submitted_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
