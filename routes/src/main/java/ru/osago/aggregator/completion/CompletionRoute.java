package ru.osago.aggregator.completion;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Header;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import ru.osago.aggregator.config.AggregatorProperties;
import ru.osago.aggregator.state.QuoteLedger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The Aggregator EIP: correlates each request's insurer outcomes by request id and
 * completes when every insurer is final, or at the deadline. Its memory is only a trigger: the
 * completion predicate reads the state table (so outcomes handled by other instances count), and
 * {@link QuoteLedger#complete} is a conditional UPDATE that exactly one caller wins. The timeout is
 * re-armed to "until the deadline" by every outcome (Camel's completionTimeout is an inactivity
 * timeout); {@link DeadlineSweeperRoute} completes what an instance's lost memory would miss.
 */
@Component
public class CompletionRoute extends RouteBuilder {

    /** Header on every message to {@code direct:completion}: the request's deadline (an Instant). */
    public static final String DEADLINE = "osagoDeadline";

    private final QuoteLedger ledger;
    private final Clock clock;
    private final long timeoutCheckMs;
    private final int completionThreads;

    CompletionRoute(QuoteLedger ledger, Clock clock, AggregatorProperties properties) {
        this.ledger = ledger;
        this.clock = clock;
        this.timeoutCheckMs = properties.completion().timeoutCheckMs();
        this.completionThreads = properties.completion().threads();
    }

    @Override
    public void configure() {
        from("direct:completion")
                .routeId("completion")
                .aggregate(body(), keepLatest())
                    // without it one lock serialises every outcome of every request, held across the
                    // predicate's database query (bench/: insurer threads queued on it at 10 requests/s)
                    .optimisticLocking()
                    .completionPredicate(method(ledger, "allFinal(${body})"))
                    .completionTimeout(method(this, "millisUntilDeadline"))
                    .completionTimeoutCheckerInterval(timeoutCheckMs)
                    // completing a request is a transaction and two or more durable sends: on Camel's one
                    // default thread, completions fell a minute behind at 10 requests/s (bench/)
                    .executorService(getCamelContext().getExecutorServiceManager()
                            .newFixedThreadPool(this, "completion", completionThreads))
                    .bean(ledger, "complete(${body})").id("complete-request")
                .end();
    }

    /** The completion timeout of the group: until the deadline, at least 1 ms ("0" would mean none). */
    public long millisUntilDeadline(@Header(DEADLINE) Instant deadline) {
        return Math.max(1, Duration.between(clock.instant(), deadline).toMillis());
    }

    private static AggregationStrategy keepLatest() {
        return (oldExchange, newExchange) -> newExchange;
    }
}
