package ru.osago.core.limit;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Bucket4j's optimistic (compare-and-swap) proxy manager over {@code rate_limit_bucket}: a check reads the
 * user's bucket (one SELECT, no lock) and writes it back only if nobody changed it meanwhile (one INSERT or
 * conditional UPDATE, autocommitted); Bucket4j reads and tries again when somebody did. Two round trips and no
 * lock held between them, where the {@code SELECT … FOR UPDATE} manager took a transaction of three (five for a
 * new user) with the row locked throughout. Bucket4j 8.14's PostgreSQL module has only the locking managers,
 * so this is its compare-and-swap base class with the table's three statements.
 */
public final class PostgreSQLCompareAndSwapBuckets extends AbstractCompareAndSwapBasedProxyManager<String>
        implements ExpiredEntriesCleaner {

    private static final String SELECT = "SELECT state FROM rate_limit_bucket WHERE id = ?";
    /** A new bucket; a row left without state (by the locking manager) counts as none. */
    private static final String INSERT = """
            INSERT INTO rate_limit_bucket (id, state, expires_at) VALUES (?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, expires_at = EXCLUDED.expires_at
            WHERE rate_limit_bucket.state IS NULL""";
    private static final String UPDATE = "UPDATE rate_limit_bucket SET state = ?, expires_at = ? WHERE id = ? AND state = ?";
    private static final String REMOVE_EXPIRED = """
            DELETE FROM rate_limit_bucket WHERE expires_at < ? AND id IN
                (SELECT id FROM rate_limit_bucket WHERE expires_at < ? LIMIT ? FOR UPDATE SKIP LOCKED)""";

    private final DataSource dataSource;
    private final ExpirationAfterWriteStrategy expiration;

    PostgreSQLCompareAndSwapBuckets(DataSource dataSource, ExpirationAfterWriteStrategy expiration) {
        super(ClientSideConfig.getDefault().withExpirationAfterWriteStrategy(expiration));
        this.dataSource = dataSource;
        this.expiration = expiration;
    }

    @Override
    protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
        return new CompareAndSwapOperation() {
            @Override
            public Optional<byte[]> getStateData(Optional<Long> timeoutNanos) {
                return sql(connection -> {
                    try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                        select.setString(1, key);
                        try (ResultSet row = select.executeQuery()) {
                            return row.next() ? Optional.ofNullable(row.getBytes(1)) : Optional.empty();
                        }
                    }
                });
            }

            @Override
            public boolean compareAndSwap(byte[] original, byte[] updated, RemoteBucketState state, Optional<Long> timeoutNanos) {
                long expiresAt = System.currentTimeMillis() + expiration.calculateTimeToLiveMillis(state, currentTimeNanos());
                return sql(connection -> {
                    try (PreparedStatement write = connection.prepareStatement(original == null ? INSERT : UPDATE)) {
                        if (original == null) {
                            write.setString(1, key);
                            write.setBytes(2, updated);
                            write.setLong(3, expiresAt);
                        } else {
                            write.setBytes(1, updated);
                            write.setLong(2, expiresAt);
                            write.setString(3, key);
                            write.setBytes(4, original);
                        }
                        return write.executeUpdate() == 1;
                    }
                });
            }
        };
    }

    @Override
    public int removeExpired(int batchSize) {
        long now = System.currentTimeMillis();
        return sql(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(REMOVE_EXPIRED)) {
                delete.setLong(1, now);
                delete.setLong(2, now);
                delete.setInt(3, batchSize);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public void removeProxy(String key) {
        sql(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM rate_limit_bucket WHERE id = ?")) {
                delete.setString(1, key);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public boolean isExpireAfterWriteSupported() {
        return true;
    }

    @Override
    public boolean isAsyncModeSupported() {
        return false;
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
        throw new UnsupportedOperationException("the rate limit is checked synchronously");
    }

    @Override
    protected CompletableFuture<Void> removeAsync(String key) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("the rate limit is checked synchronously"));
    }

    private interface Statement<T> {
        T run(Connection connection) throws SQLException;
    }

    /** One autocommitted statement on a connection of the pool. */
    private <T> T sql(Statement<T> statement) {
        try (Connection connection = dataSource.getConnection()) {
            return statement.run(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("rate-limit bucket: " + e.getMessage(), e);
        }
    }
}
