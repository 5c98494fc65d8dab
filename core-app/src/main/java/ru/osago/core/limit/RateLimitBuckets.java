package ru.osago.core.limit;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * Where the per-user buckets live: table {@code rate_limit_bucket} in core-app's schema (the connections'
 * current schema), so every instance on the same database draws from the same budget. Each check is one short
 * transaction that locks the user's row ({@code SELECT … FOR UPDATE}); string keys need no advisory-lock ids.
 */
public final class RateLimitBuckets {

    static final String TABLE = "rate_limit_bucket";

    private RateLimitBuckets() {
    }

    /** A bucket row may go once it would be full again, plus {@code keepFull} so a returning user finds it. */
    public static PostgreSQLSelectForUpdateBasedProxyManager<String> inPostgres(DataSource dataSource, Duration keepFull) {
        return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(TABLE)
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(keepFull))
                .build();
    }
}
