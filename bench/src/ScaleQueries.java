import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The queries of the scale benchmark (BENCHMARKS.md) over HTTP against the packaged application on the database seeded
 * by ScaleSeedBenchmark, JDK only, run as a single source file. One client, sequential calls (a user waiting for a
 * page), rotating users and search words, 5 warm-up calls each; p50/p95/max per query. Reference: the cheapest
 * authenticated call of the same application (GET /engine-rest/user/{id}/profile as the same users), i.e. what HTTP,
 * authentication and the engine's command stack cost by themselves. Result lines (tab separated) go to --out.
 */
public class ScaleQueries {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static String base;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        base = a.getOrDefault("base", "http://localhost:8080");
        int users = Integer.parseInt(a.getOrDefault("users", "200"));
        int calls = Integer.parseInt(a.getOrDefault("calls", "100"));
        String out = a.get("out");
        Random random = new Random(3);
        String[] words = {"connection pool", "certificate", "dns", "disk full", "memory leak", "deploy", "cache",
                "rate limit", "queue backlog", "timeout"};
        String myTasks = filterId("My tasks");
        String myGroups = filterId("My groups' tasks");
        String sorting = "{\"sorting\":[{\"sortBy\":\"created\",\"sortOrder\":\"desc\"}]}";

        double[] ref = measure("reference", calls, i -> {
            String u = user(random.nextInt(users));
            return get("/engine-rest/user/" + u + "/profile", u);
        }, null);
        awaitLibraryIndex();
        StringBuilder lines = new StringBuilder();
        lines.append(line("reference: GET /engine-rest/user/{id}/profile", ref, ref, "-", Double.NaN));
        double[] library = measure("library", calls, i -> get("/api/postmortems?q="
                + URLEncoder.encode(words[i % words.length], StandardCharsets.UTF_8) + "&page=0&size=20", "alex"),
                "\"total\":");
        lines.append(line("library search GET /api/postmortems?q= (alex)", library, ref, "p95 < 100 ms", 100));
        double[] items = measure("items", calls, i -> {
            String u = user(random.nextInt(users));
            return get("/api/action-items?owner=" + u, u);
        }, "\"items\"");
        lines.append(line("GET /api/action-items?owner= (the owner)", items, ref, "p95 < 200 ms", 200));
        double[] insights = measure("insights", Math.max(10, calls / 4),
                i -> get("/api/insights?from=2010-01-01&to=2014-12-31", "alex"), "\"count\"");
        lines.append(line("GET /api/insights, 5 years (alex)", insights, ref, "p95 < 500 ms", 500));
        double[] mine = measure("my tasks", calls, i -> {
            String u = user(random.nextInt(users));
            return post("/engine-rest/filter/" + myTasks + "/list?firstResult=0&maxResults=15", u, sorting);
        }, "\"id\"");
        lines.append(line("Tasklist \"My tasks\" filter list (15)", mine, ref, "p95 < 200 ms", 200));
        double[] groups = measure("my groups' tasks", calls, i -> {
            String u = user(random.nextInt(users));
            return post("/engine-rest/filter/" + myGroups + "/list?firstResult=0&maxResults=15", u, sorting);
        }, "\"id\"");
        lines.append(line("Tasklist \"My groups' tasks\" filter list (15)", groups, ref, "p95 < 200 ms", 200));
        System.out.print(lines);
        if (out != null) {
            Files.writeString(Path.of(out), lines.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    static String user(int n) {
        return String.format("benchuser%03d", n);
    }

    static String line(String figure, double[] t, double[] ref, String target, double limit) {
        double p95 = p(t, 95);
        String verdict = Double.isNaN(limit) ? "-" : p95 < limit ? "met" : "NOT met";
        return String.join("\t", "scale", figure + " p95", fmt(p95), "ms", fmt(p(ref, 95)), target, verdict,
                "p50 " + fmt(p(t, 50)) + " ms, max " + fmt(t[t.length - 1]) + " ms, " + t.length + " calls") + "\n";
    }

    /**
     * The library index is built in the background after start (the SQL search answers meanwhile): wait until the
     * gauge {@code aftermath_library_index_ready} says 1, so the search measured is the index's (at most 5 minutes).
     */
    static void awaitLibraryIndex() throws InterruptedException {
        long until = System.nanoTime() + 300_000_000_000L;
        while (System.nanoTime() < until) {
            HttpResponse<String> r;
            try {
                r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).GET()
                        .timeout(Duration.ofSeconds(60)).header("Accept", "text/plain")
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                                "demo:demo".getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            if (r.statusCode() == 200 && r.body().lines().anyMatch(l -> l.startsWith("aftermath_library_index_ready")
                    && l.trim().endsWith(" 1.0"))) {
                System.out.println("library index ready");
                return;
            }
            Thread.sleep(500);
        }
        System.out.println("library index NOT ready after 5 minutes: the library figure is the SQL search's");
    }

    static double[] measure(String name, int calls, IntFunction<HttpResponse<String>> call, String mustContain) {
        for (int i = 0; i < 5; i++) {
            check(name, call.apply(i), mustContain);
        }
        double[] times = new double[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = call.apply(i);
            times[i] = (System.nanoTime() - t0) / 1e6;
            check(name, r, mustContain);
        }
        Arrays.sort(times);
        System.out.printf(Locale.ROOT, "%-20s p50 %.1f ms  p95 %.1f ms  max %.1f ms%n", name, p(times, 50),
                p(times, 95), times[times.length - 1]);
        return times;
    }

    static void check(String name, HttpResponse<String> r, String mustContain) {
        if (r.statusCode() != 200 || (mustContain != null && !r.body().contains(mustContain))) {
            throw new IllegalStateException(name + ": " + r.statusCode() + " " + r.uri() + " "
                    + r.body().substring(0, Math.min(300, r.body().length())));
        }
    }

    static String filterId(String name) throws Exception {
        HttpResponse<String> r = get("/engine-rest/filter?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                .replace("+", "%20"), "demo");
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("filter '" + name + "' not found: " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    static HttpResponse<String> get(String path, String user) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), user);
    }

    static HttpResponse<String> post(String path, String user, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), user);
    }

    static HttpResponse<String> send(HttpRequest.Builder b, String user) {
        try {
            return HTTP.send(b.timeout(Duration.ofSeconds(60)).header("Accept", "application/json")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (user + ":" + user).getBytes(StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static double p(double[] sorted, int percentile) {
        int idx = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }
}
