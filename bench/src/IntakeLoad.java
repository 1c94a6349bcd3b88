import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load generator of the intake benchmark (BENCHMARKS.md), JDK only, run as a single source file:
 * {@code java bench/src/IntakeLoad.java --base http://localhost:8080 --scenario pd-ignored --rate 200 --seconds 30}
 * (open model) or {@code ... --scenario sev1 --concurrency 8 --seconds 20 --warmup 5} (closed model, capacity).
 *
 * <p>Closed model ({@code --concurrency N}): N clients, each sends its next request as soon as its previous one is
 * answered, for {@code --warmup} seconds (not recorded) and then {@code --seconds} seconds (measured). Latency counts
 * from the send; {@code achieved} = requests answered with the expected status within the measured window, per
 * second of the window: the application's capacity at N concurrent clients. Requests sent in the window and answered
 * after it count in the latencies (and as errors if they fail) but not in {@code achieved}.
 *
 * <p>Open model (no {@code --concurrency}):
 * request i is due at start + i/rate whatever happened to the earlier ones (open model); its latency counts from
 * that scheduled time, not from the moment it was sent, so a slow server cannot hide its queue (no coordinated
 * omission). At most {@code --max-in-flight} requests are open at once (the rest wait for a connection, their wait
 * counted in their latency). A request is an error when its status is not the expected one or it takes longer than
 * {@code --timeout} seconds.
 *
 * <p>Scenarios: {@code sev1}, {@code sev4} (POST /api/incidents as a commander, HTTP Basic), {@code pd-resolved}
 * ({@code incident.resolved}: starts a lifecycle), {@code pd-ignored} ({@code incident.priority_updated}: acknowledged
 * and ignored), both signed with {@code --pd-secret}. One result line (tab separated) is appended to {@code --out}.
 */
public class IntakeLoad {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new ConcurrentHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String base = a.getOrDefault("base", "http://localhost:8080");
        String scenario = a.getOrDefault("scenario", "sev4");
        double rate = Double.parseDouble(a.getOrDefault("rate", "200"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "60"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "5"));
        int maxInFlight = Integer.parseInt(a.getOrDefault("max-in-flight", "256"));
        int timeout = Integer.parseInt(a.getOrDefault("timeout", "30"));
        String user = a.getOrDefault("user", "jordan:jordan");
        String secret = a.getOrDefault("pd-secret", "bench-webhook-secret");
        String samples = a.getOrDefault("samples", "src/test/resources/pagerduty");
        String label = a.getOrDefault("label", scenario);
        String out = a.get("out");
        int concurrency = Integer.parseInt(a.getOrDefault("concurrency", "0"));
        String run = Long.toString(System.currentTimeMillis() % 10_000_000L, 36);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(8)).connectTimeout(Duration.ofSeconds(10)).build();
        String auth = "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8));
        String resolvedSample = Files.readString(Path.of(samples, "incident-resolved.json"));
        String ignoredSample = Files.readString(Path.of(samples, "incident-priority-updated.json"));

        java.util.function.IntFunction<HttpRequest> request = i -> {
            String id = "bench-" + scenario + "-" + run + "-" + i;
            switch (scenario) {
                case "sev1", "sev4" -> {
                    String body = closure(id, scenario.toUpperCase());
                    return HttpRequest.newBuilder(URI.create(base + "/api/incidents"))
                            .timeout(Duration.ofSeconds(timeout)).header("Authorization", auth)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                }
                case "pd-resolved", "pd-ignored" -> {
                    String body = (scenario.equals("pd-resolved") ? resolvedSample : ignoredSample)
                            .replace("\"PGR0VU2\"", "\"" + id + "\"")
                            .replace("A little bump in the road", "A little bump in the road " + id);
                    return HttpRequest.newBuilder(URI.create(base + "/api/webhooks/pagerduty"))
                            .timeout(Duration.ofSeconds(timeout)).header("Content-Type", "application/json")
                            .header("X-PagerDuty-Signature", sign(body, secret))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                }
                case "bare-start" -> {
                    // the reference: the bare engine starts an instance with the closure's variables over REST
                    String body = "{\"businessKey\":\"" + id + "\",\"variables\":" + variables(id) + "}";
                    return HttpRequest.newBuilder(URI.create(base + "/engine-rest/process-definition/key/bench-intake/start"))
                            .timeout(Duration.ofSeconds(timeout)).header("Content-Type", "application/json")
                            .header("Authorization", auth)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                }
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            }
        };
        int expected = scenario.startsWith("pd-") ? 202 : scenario.equals("bare-start") ? 200 : 201;

        Result r;
        if (concurrency > 0) {
            r = closed(http, request, expected, concurrency, warmup, seconds, timeout);
            rate = r.sent / (double) seconds; // the column "rate": what the N clients sent per second
        } else {
            if (warmup > 0) {
                phase(http, request, expected, rate, warmup, maxInFlight, 0);
            }
            r = phase(http, request, expected, rate, seconds, maxInFlight, 1_000_000);
        }
        String line = String.join("\t", label, Integer.toString(r.sent), fmt(rate), fmt(r.achieved),
                fmt(r.p(50)), fmt(r.p(90)), fmt(r.p(99)), fmt(r.max()), Integer.toString(r.errors.get()),
                r.firstError == null ? "" : r.firstError);
        System.out.printf((concurrency > 0 ? "[" + concurrency + " clients] " : "")
                        + "%-24s sent %d at %.0f/s (completed %.1f/s)  p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms"
                        + "  errors %d%s%n", label, r.sent, rate, r.achieved, r.p(50), r.p(90), r.p(99), r.max(),
                r.errors.get(), r.firstError == null ? "" : " (first: " + r.firstError + ")");
        if (out != null) {
            Files.writeString(Path.of(out), line + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        System.exit(0);
    }

    static final class Result {
        int sent;
        double achieved;
        long[] latencies;
        AtomicInteger errors = new AtomicInteger();
        volatile String firstError;

        double p(int percentile) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int idx = (int) Math.ceil(percentile / 100.0 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, idx))] / 1e6;
        }

        double max() {
            return latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1] / 1e6;
        }
    }

    /**
     * The closed model: {@code clients} threads, each sending its next request when its previous one is answered.
     * Warm-up first (not recorded), then the measured window; what is still open at the end of the window is waited
     * for (at most the request timeout) and counted in the latencies, not in the completions.
     */
    static Result closed(HttpClient http, java.util.function.IntFunction<HttpRequest> request, int expected,
                         int clients, int warmup, int seconds, int timeout) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long measureStart = System.nanoTime() + warmup * 1_000_000_000L;
        long measureEnd = measureStart + seconds * 1_000_000_000L;
        java.util.List<Long> latencies = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        Result r = new Result();
        Thread[] threads = new Thread[clients];
        for (int c = 0; c < clients; c++) {
            threads[c] = new Thread(() -> {
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= measureEnd) {
                        return;
                    }
                    boolean measured = t0 >= measureStart;
                    HttpRequest req = request.apply(next.getAndIncrement());
                    if (measured) {
                        sent.incrementAndGet();
                    }
                    HttpResponse<String> resp = null;
                    Exception ex = null;
                    try {
                        resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                    } catch (Exception e) {
                        ex = e;
                    }
                    long t1 = System.nanoTime();
                    boolean ok = ex == null && resp.statusCode() == expected;
                    if (measured) {
                        latencies.add(t1 - t0);
                        if (!ok && r.errors.incrementAndGet() == 1) {
                            r.firstError = ex != null ? ex.getClass().getSimpleName() + " " + ex.getMessage()
                                    : resp.statusCode() + " " + shorten(resp.body());
                        }
                    }
                    if (ok && t1 >= measureStart && t1 < measureEnd) {
                        completed.incrementAndGet();
                    }
                    if (ex instanceof InterruptedException) {
                        return;
                    }
                }
            }, "client-" + c);
            threads[c].setDaemon(true);
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join(Math.max(1, (measureEnd - System.nanoTime()) / 1_000_000 + (timeout + 5) * 1000L));
        }
        r.sent = sent.get();
        r.achieved = completed.get() / (double) seconds;
        synchronized (latencies) {
            r.latencies = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        return r;
    }

    static Result phase(HttpClient http, java.util.function.IntFunction<HttpRequest> request, int expected, double rate,
                        int seconds, int maxInFlight, int firstIndex) throws Exception {
        int n = (int) Math.round(rate * seconds);
        long[] latencies = new long[n];
        Result r = new Result();
        r.sent = n;
        Semaphore inFlight = new Semaphore(maxInFlight);
        CountDownLatch done = new CountDownLatch(n);
        long intervalNanos = (long) (1e9 / rate);
        long start = System.nanoTime() + 50_000_000L;
        // the scheduler: request i is due at start + i * interval; its latency counts from then
        var scheduler = Executors.newSingleThreadExecutor();
        scheduler.submit(() -> {
            for (int i = 0; i < n; i++) {
                final int idx = i;
                final long due = start + i * intervalNanos;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                HttpRequest req = request.apply(firstIndex + i);
                inFlight.acquireUninterruptibly();
                http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((resp, ex) -> {
                    latencies[idx] = System.nanoTime() - due;
                    inFlight.release();
                    if (ex != null || resp.statusCode() != expected) {
                        if (r.errors.incrementAndGet() == 1) {
                            r.firstError = ex != null ? ex.getClass().getSimpleName() + " " + ex.getMessage()
                                    : resp.statusCode() + " " + shorten(resp.body());
                        }
                    }
                    done.countDown();
                });
            }
            return null;
        });
        // stragglers get 30 s after the last scheduled send; what is still open then counts as an error
        done.await(seconds + 30L, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - start;
        scheduler.shutdownNow();
        r.achieved = (n - done.getCount()) / (elapsed / 1e9);
        if (done.getCount() > 0) {
            r.errors.addAndGet((int) done.getCount());
            if (r.firstError == null) {
                r.firstError = done.getCount() + " requests never answered";
            }
        }
        r.latencies = Arrays.copyOf(latencies, n);
        for (int i = 0; i < n; i++) {
            if (r.latencies[i] == 0) {
                r.latencies[i] = elapsed; // unanswered: as long as the whole run
            }
        }
        Arrays.sort(r.latencies);
        return r;
    }

    static String closure(String id, String severity) {
        Instant resolved = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Instant started = resolved.minus(47, ChronoUnit.MINUTES);
        return """
                {"id":"%s","title":"Payment API returned 503 for checkout","service":"payments","severity":"%s",
                 "startedAt":"%s","detectedAt":"%s","acknowledgedAt":"%s","mitigatedAt":"%s","resolvedAt":"%s",
                 "commander":"jordan","responders":["priya","carlos"],"author":"priya","facilitator":"carlos",
                 "usersAffected":12000,"usersAffectedPercent":0.8,"customerImpact":"Customers could not complete payment",
                 "symptom":"db-pool-exhausted-%s",
                 "timeline":[{"at":"%s","event":"Error rate > 5%% on payment service","source":"PagerDuty"},
                             {"at":"%s","event":"DB not accepting connections","source":"investigation","actor":"priya"}]}
                """.formatted(id, severity, started, started.plus(5, ChronoUnit.MINUTES),
                started.plus(9, ChronoUnit.MINUTES), started.plus(32, ChronoUnit.MINUTES), resolved, id, started,
                started.plus(12, ChronoUnit.MINUTES));
    }

    /** The process variables Aftermath sets at the start of a lifecycle (IncidentService.processVariables). */
    static String variables(String id) {
        Instant resolved = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        StringBuilder b = new StringBuilder("{");
        String[][] strings = {{"incidentId", id}, {"title", "Payment API returned 503 for checkout"},
                {"service", "payments"}, {"severity", "SEV1"}, {"commander", "jordan"},
                {"symptom", "db-pool-exhausted-" + id}, {"author", "priya"}, {"facilitator", "carlos"},
                {"timeline", "[{\\\"at\\\":\\\"" + resolved + "\\\",\\\"event\\\":\\\"Error rate\\\"}]"}};
        for (String[] s : strings) {
            b.append('"').append(s[0]).append("\":{\"value\":\"").append(s[1]).append("\",\"type\":\"String\"},");
        }
        b.append("\"resolvedAt\":{\"value\":\"").append(resolved.toString().replace("Z", ".000+0000"))
                .append("\",\"type\":\"Date\"},");
        b.append("\"usersAffectedPercent\":{\"value\":0.8,\"type\":\"Double\"},");
        for (String flag : new String[] {"dataLoss", "securityIncident", "restricted", "slaBreached", "nearMiss"}) {
            b.append('"').append(flag).append("\":{\"value\":false,\"type\":\"Boolean\"},");
        }
        b.append("\"rolesAssigned\":{\"value\":true,\"type\":\"Boolean\"}}");
        return b.toString();
    }

    static String sign(String body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A response body on one line, at most 200 characters. */
    static String shorten(String body) {
        String line = body.replaceAll("\\s+", " ");
        return line.substring(0, Math.min(200, line.length()));
    }

    static String fmt(double d) {
        return String.format(java.util.Locale.ROOT, "%.1f", d);
    }
}
