package ru.osago.core.limit;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two limiters as two core-app instances would have them: each with its own connections and Bucket4j proxy
 * manager (compare-and-swap), over one PostgreSQL schema migrated by core-app's Flyway scripts.
 */
class UserRateLimiterTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String SCHEMA = "core_app_limit_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final Duration HOUR = Duration.ofHours(1);

    @BeforeAll
    static void migrate() {
        Flyway.configure().dataSource(URL, "postgres", "").schemas(SCHEMA).defaultSchema(SCHEMA).load().migrate();
    }

    @AfterAll
    static void drop() {
        new JdbcTemplate(instanceConnections()).execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }

    private static DataSource instanceConnections() {
        return new SimpleDriverDataSource(new Driver(), URL + "?currentSchema=" + SCHEMA, "postgres", "");
    }

    private static UserRateLimiter instance(long requestsPerHour) {
        return new UserRateLimiter(RateLimitBuckets.inPostgres(instanceConnections(), Duration.ofMinutes(1)), requestsPerHour, HOUR);
    }

    @Test
    void twoInstancesOverOneDatabaseShareOneUsersBudget() {
        UserRateLimiter a = instance(3);
        UserRateLimiter b = instance(3);
        String user = "ivan-" + UUID.randomUUID();

        assertThat(a.tryAcquire(user)).isEmpty();
        assertThat(b.tryAcquire(user)).isEmpty();
        assertThat(a.tryAcquire(user)).isEmpty();

        OptionalLong onB = b.tryAcquire(user);
        OptionalLong onA = a.tryAcquire(user);
        // 3 per hour refill one token every 20 minutes: the wait is positive and at most that
        assertThat(onB).isPresent();
        assertThat(onB.getAsLong()).isBetween(1L, 1200L);
        assertThat(onA).isPresent();
        assertThat(b.tryAcquire("petr-" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void concurrentRequestsOnBothInstancesGetExactlyTheBudgetBetweenThem() throws Exception {
        UserRateLimiter a = instance(5);
        UserRateLimiter b = instance(5);
        String user = "anna-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                UserRateLimiter limiter = i % 2 == 0 ? a : b;
                attempts.add(() -> limiter.tryAcquire(user).isEmpty());
            }
            long allowed = 0;
            for (Future<Boolean> outcome : pool.invokeAll(attempts)) {
                allowed += outcome.get() ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyBucketsPastTheirExpiryAreRemoved() {
        PostgreSQLCompareAndSwapBuckets buckets = RateLimitBuckets.inPostgres(instanceConnections(), Duration.ofMinutes(1));
        UserRateLimiter limiter = new UserRateLimiter(buckets, 2, HOUR);
        String expired = "gone-" + UUID.randomUUID();
        String kept = "kept-" + UUID.randomUUID();
        limiter.tryAcquire(expired);
        limiter.tryAcquire(kept);
        JdbcTemplate sql = new JdbcTemplate(instanceConnections());
        sql.update("UPDATE rate_limit_bucket SET expires_at = 0 WHERE id = ?", expired);

        buckets.removeExpired(1000);

        assertThat(sql.queryForList("SELECT id FROM rate_limit_bucket WHERE id IN (?, ?)", String.class, expired, kept))
                .containsExactly(kept);
        // a removed bucket starts full again
        assertThat(limiter.tryAcquire(expired)).isEmpty();
        assertThat(limiter.tryAcquire(expired)).isEmpty();
        assertThat(limiter.tryAcquire(expired)).isPresent();
    }

    @Test
    void bucketsAreRowsInCoreAppsSchemaKeyedByUser() {
        String user = "olga-" + UUID.randomUUID();
        instance(2).tryAcquire(user);

        Integer rows = new JdbcTemplate(instanceConnections())
                .queryForObject("SELECT count(*) FROM rate_limit_bucket WHERE id = ?", Integer.class, user);
        assertThat(rows).isEqualTo(1);
    }
}
