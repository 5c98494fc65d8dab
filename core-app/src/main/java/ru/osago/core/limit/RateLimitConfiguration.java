package ru.osago.core.limit;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Duration;

/** The per-user limit from {@code osago.core.rate-limit.*}, over buckets in core-app's PostgreSQL schema. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    PostgreSQLCompareAndSwapBuckets rateLimitBuckets(DataSource dataSource,
            @Value("${osago.core.rate-limit.keep-full-buckets}") Duration keepFull) {
        return RateLimitBuckets.inPostgres(dataSource, keepFull);
    }

    @Bean
    UserRateLimiter userRateLimiter(PostgreSQLCompareAndSwapBuckets rateLimitBuckets,
            @Value("${osago.core.rate-limit.requests-per-window}") long requestsPerWindow,
            @Value("${osago.core.rate-limit.window}") Duration window) {
        return new UserRateLimiter(rateLimitBuckets, requestsPerWindow, window);
    }
}
