-- Bucket4j token buckets for the per-user request limit, shared by every core-app instance.
-- state is Bucket4j's serialised bucket; expires_at (epoch millis) is when a bucket is full again and may go.
CREATE TABLE rate_limit_bucket (
    id         VARCHAR(64) PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);

-- the cleanup route deletes expired buckets in batches
CREATE INDEX rate_limit_bucket_expires_at ON rate_limit_bucket (expires_at);
