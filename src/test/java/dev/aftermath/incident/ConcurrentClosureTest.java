package dev.aftermath.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.aftermath.support.ProcessTestSupport;

/**
 * Twenty closures of one service and symptom posted at the same moment over HTTP (released together by a latch) get
 * the same recurrence counts and the same policy decisions as twenty posted one after the other: counts 1 to 20, no
 * count lost or doubled, the third-occurrence rule from the third on, every answer a 201.
 */
class ConcurrentClosureTest extends ProcessTestSupport {

    private static final int CLOSURES = 20;

    @LocalServerPort int port;

    record Outcome(int status, String body, String requirement, String reason, Integer recurrence) {
    }

    @Test
    void twenty_closures_at_once_count_like_twenty_in_a_row() throws Exception {
        String sequentialSymptom = "pool-exhausted-seq-" + newIncidentId("s");
        List<Outcome> sequential = new ArrayList<>();
        for (int i = 0; i < CLOSURES; i++) {
            sequential.add(post(closure(sequentialSymptom)));
        }
        String concurrentSymptom = "pool-exhausted-par-" + newIncidentId("p");
        List<String> bodies = IntStream.range(0, CLOSURES).mapToObj(i -> closure(concurrentSymptom)).toList();
        CountDownLatch ready = new CountDownLatch(CLOSURES);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(CLOSURES);
        List<Future<Outcome>> futures = new ArrayList<>();
        try {
            for (String body : bodies) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return post(body);
                }));
            }
            ready.await();
            go.countDown();
            List<Outcome> concurrent = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                concurrent.add(f.get());
            }

            assertThat(sequential).extracting(Outcome::status).containsOnly(201);
            assertThat(sequential).extracting(Outcome::recurrence)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, CLOSURES).boxed().toList());
            assertThat(concurrent).as("every answer").allSatisfy(o -> assertThat(o.status()).as(o.body()).isEqualTo(201));
            assertThat(concurrent).extracting(Outcome::recurrence).as("no count lost or doubled")
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, CLOSURES).boxed().toList());
            assertThat(concurrent.stream().filter(o -> "REQUIRED".equals(o.requirement())).count())
                    .as("the third-occurrence rule from the third on").isEqualTo(CLOSURES - 2);
            // each decision exactly as the sequential one with the same count (the reason names the symptom)
            Map<Integer, Outcome> byCount = new java.util.HashMap<>();
            sequential.forEach(o -> byCount.put(o.recurrence(), o));
            for (Outcome o : concurrent) {
                Outcome same = byCount.get(o.recurrence());
                assertThat(o.requirement()).as("requirement at count " + o.recurrence()).isEqualTo(same.requirement());
                assertThat(o.reason()).as("reason at count " + o.recurrence())
                        .isEqualTo(same.reason().replace(sequentialSymptom, concurrentSymptom));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A SEV4 closure of service payments with this symptom, resolved one hour ago to the second (all alike). */
    private String closure(String symptom) {
        Map<String, Object> payload = incident(newIncidentId("conc"), "SEV4", Duration.ofHours(1));
        payload.put("resolvedAt", RESOLVED.toString());
        payload.put("symptom", symptom);
        try {
            return objectMapper.writeValueAsString(payload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final java.time.Instant RESOLVED = java.time.Instant.now().minus(Duration.ofHours(1))
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private Outcome post(String body) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/incidents")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "jordan:jordan".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            return new Outcome(r.statusCode(), r.body(), null, null, null);
        }
        JsonNode receipt = objectMapper.readTree(r.body());
        Incident stored = incidentService.get(receipt.get("incidentId").asText());
        return new Outcome(r.statusCode(), r.body(), receipt.path("requirement").asText(null),
                receipt.path("reason").asText(null), stored.recurrence());
    }
}
