package ru.osago.core.limit;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * Where the per-user buckets live: table {@code rate_limit_bucket} in core-app's schema (the connections'
 * current schema), so every instance on the same database draws from the same budget. Each check reads the
 * user's row and writes it back compare-and-swap ({@link PostgreSQLCompareAndSwapBuckets}): no lock, no
 * transaction of its own.
 */
public final class RateLimitBuckets {

    private RateLimitBuckets() {
    }

    /** A bucket row may go once it would be full again, plus {@code keepFull} so a returning user finds it. */
    public static PostgreSQLCompareAndSwapBuckets inPostgres(DataSource dataSource, Duration keepFull) {
        return new PostgreSQLCompareAndSwapBuckets(dataSource,
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(keepFull));
    }
}
