package ru.osago.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What core-app's Prometheus scrape tells the benchmark. Its push latency (from an event's arrival on rs.queue to its WebSocket frame leaving core-app), read from
 * its Prometheus histogram {@code osago_core_push_latency_seconds}: a scrape before and one after the load, and the
 * p99 of the difference. The histogram has fixed buckets, so the p99 is given as the bucket's upper bound and
 * interpolated linearly inside it. And the rs.queue messages its event batches took
 * ({@code osago_core_events_batch_messages}): how many batches, and their mean size.
 */
final class CoreAppMetrics {

    private static final Pattern BUCKET =
            Pattern.compile("^osago_core_push_latency_seconds_bucket\\{.*le=\"([^\"]+)\".*}\\s+(\\S+)$");
    private static final Pattern SUM = Pattern.compile("^osago_core_push_latency_seconds_sum(?:\\{.*})?\\s+(\\S+)$");
    private static final Pattern BATCHES = Pattern.compile("^osago_core_events_batch_messages_(count|sum)(?:\\{.*})?\\s+(\\S+)$");

    /** Push latency's cumulative counts by upper bound in seconds (+Inf as Double.POSITIVE_INFINITY) and sum; event batches and their messages. */
    record Scrape(TreeMap<Double, Double> buckets, double sumSeconds, double batches, double batchMessages) {
    }

    private CoreAppMetrics() {
    }

    /** One scrape of each core-app instance, added up (the histogram's buckets are the same on every one). */
    static Scrape scrape(List<String> baseUrls) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        double sum = 0;
        double batches = 0;
        double batchMessages = 0;
        for (String baseUrl : baseUrls) {
            Scrape one = scrape(baseUrl);
            one.buckets().forEach((le, n) -> buckets.merge(le, n, Double::sum));
            sum += one.sumSeconds();
            batches += one.batches();
            batchMessages += one.batchMessages();
        }
        return new Scrape(buckets, sum, batches, batchMessages);
    }

    /** One scrape of core-app at {@code baseUrl}; empty buckets when it does not answer. */
    static Scrape scrape(String baseUrl) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        double sum = 0;
        double batches = 0;
        double batchMessages = 0;
        try {
            String body = prometheus(baseUrl);
            for (String line : body.split("\n")) {
                Matcher bucket = BUCKET.matcher(line);
                Matcher total = SUM.matcher(line);
                Matcher batch = BATCHES.matcher(line);
                if (bucket.matches()) {
                    double le = bucket.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bucket.group(1));
                    buckets.merge(le, Double.parseDouble(bucket.group(2)), Double::sum);
                } else if (total.matches()) {
                    sum += Double.parseDouble(total.group(1));
                } else if (batch.matches() && batch.group(1).equals("count")) {
                    batches += Double.parseDouble(batch.group(2));
                } else if (batch.matches()) {
                    batchMessages += Double.parseDouble(batch.group(2));
                }
            }
        } catch (Exception e) {
            System.err.println("bench: core-app's metrics not read: " + e);
        }
        return new Scrape(buckets, sum, batches, batchMessages);
    }

    /** count, mean, p50, p99 (ms) of the pushes between two scrapes. */
    static Map<String, Object> between(Scrape before, Scrape after) {
        TreeMap<Double, Double> delta = new TreeMap<>();
        after.buckets().forEach((le, n) -> delta.put(le, n - before.buckets().getOrDefault(le, 0.0)));
        double count = delta.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", (long) count);
        if (count > 0) {
            m.put("meanMs", Limits.round((after.sumSeconds() - before.sumSeconds()) / count * 1000));
            m.put("p50Ms", quantileMs(delta, count, 0.50));
            m.put("p99Ms", quantileMs(delta, count, 0.99));
            m.put("p99BucketUpperBoundMs", upperBoundMs(delta, count, 0.99));
        }
        return m;
    }

    /** The event batches between two scrapes (at least one): how many, and the rs.queue messages each took on average. */
    static Map<String, Object> batchesBetween(Scrape before, Scrape after) {
        double batches = after.batches() - before.batches();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batches", (long) batches);
        m.put("messagesPerBatch", Limits.round((after.batchMessages() - before.batchMessages()) / batches));
        return m;
    }

    /** The heap core-app uses now ({@code jvm_memory_used_bytes}, area heap, every pool), -1 when unread. */
    static long heapUsedBytes(String baseUrl) {
        try {
            String body = prometheus(baseUrl);
            double sum = 0;
            for (String line : body.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return (long) sum;
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * core-app's Prometheus text. Metrics are for operators (HTTP Basic): the read user from the environment
     * core-app gets it from, or its local default.
     */
    private static String prometheus(String baseUrl) throws Exception {
        String credentials = System.getenv().getOrDefault("OSAGO_OPERATOR_READ_USER", "viewer") + ":"
                + System.getenv().getOrDefault("OSAGO_OPERATOR_READ_PASSWORD", "viewer");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/actuator/prometheus answered " + response.statusCode());
        }
        return response.body();
    }

    private static double quantileMs(TreeMap<Double, Double> cumulative, double count, double q) {
        double target = q * count;
        double lower = 0;
        double below = 0;
        for (var e : cumulative.entrySet()) {
            if (e.getValue() >= target) {
                if (e.getKey().isInfinite()) {
                    return Limits.round(lower * 1000);
                }
                double inBucket = e.getValue() - below;
                double share = inBucket <= 0 ? 1 : (target - below) / inBucket;
                return Limits.round((lower + share * (e.getKey() - lower)) * 1000);
            }
            lower = e.getKey();
            below = e.getValue();
        }
        return -1;
    }

    private static double upperBoundMs(TreeMap<Double, Double> cumulative, double count, double q) {
        for (var e : cumulative.entrySet()) {
            if (e.getValue() >= q * count) {
                return e.getKey().isInfinite() ? Double.POSITIVE_INFINITY : Limits.round(e.getKey() * 1000);
            }
        }
        return -1;
    }
}
