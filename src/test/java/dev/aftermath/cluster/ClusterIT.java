package dev.aftermath.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;

import dev.aftermath.support.SmtpSink;
import dev.aftermath.support.TicketStubs;

/**
 * Two nodes of the packaged jar (prod profile) on one PostgreSQL database, started at the same moment on an empty
 * database, then a burst: 200 incident closures (30 of them sent to both nodes at once), 200 action items whose ladder
 * timers are already due, node B killed with SIGKILL while it holds jobs, the SMTP server refusing everything for the
 * first 60 s, and a ticket sink that loses or refuses its first answer for some items. At the end every mail arrived
 * once per (step, recipient), every item has one ticket, every timer fired once, no incident, nothing stuck. Then
 * node A's database is cut off and restored: readiness goes DOWN and UP again.
 * <p>
 * Needs {@code AFTERMATH_TEST_POSTGRES_URL} (a database on a server where the user may create databases; {@code .ci/run}
 * starts one) and the packaged jar ({@code mvn verify} runs this after {@code package}). With {@code CI=true} a
 * missing database fails the run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIf(value = "enabled", disabledReason = "AFTERMATH_TEST_POSTGRES_URL not set: cluster test skipped")
class ClusterIT {

    static final int LIFECYCLES = Integer.getInteger("aftermath.cluster.lifecycles", 200);
    static final int DUPLICATED = 30;
    static final Duration SMTP_OUTAGE = Duration.ofSeconds(60);
    static final String[] OWNERS = {"own1", "own2", "own3", "own4", "own5"};

    static boolean enabled() {
        return adminUrl() != null || "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static String adminUrl() {
        String url = System.getenv("AFTERMATH_TEST_POSTGRES_URL");
        return url != null && url.startsWith("jdbc:postgresql://") ? url : null;
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Long> figures = new LinkedHashMap<>();
    private String dbUrl;
    private String dbName;
    private Path workDir;
    private SmtpSink smtp;
    private TicketSink tickets;
    private TcpProxy proxyA;
    private Node a;
    private Node b;

    @BeforeAll
    void startTwoNodesAtOnce() throws Exception {
        if (adminUrl() == null) {
            throw new IllegalStateException("CI=true but AFTERMATH_TEST_POSTGRES_URL does not name a PostgreSQL "
                    + "database: the cluster test cannot run");
        }
        Path jar = Path.of(System.getProperty("aftermath.jar", "target/aftermath-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the packaged jar (mvn package)").exists();
        dbName = "aftermath_cluster_" + Long.toString(System.nanoTime(), 36);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("create database " + dbName);
        }
        URI uri = URI.create(adminUrl().substring("jdbc:".length()));
        dbUrl = "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + "/" + dbName;
        proxyA = new TcpProxy(uri.getHost(), uri.getPort());
        smtp = new SmtpSink();
        tickets = new TicketSink();
        workDir = Files.createTempDirectory("aftermath-cluster");
        Map<String, String> common = new HashMap<>();
        common.put("AFTERMATH_DB_USER", env("AFTERMATH_TEST_POSTGRES_USER", "postgres"));
        common.put("AFTERMATH_DB_PASSWORD", env("AFTERMATH_TEST_POSTGRES_PASSWORD", ""));
        common.put("SPRING_MAIL_HOST", "127.0.0.1");
        common.put("SPRING_MAIL_PORT", String.valueOf(smtp.port()));
        common.put("AFTERMATH_TICKETS_WEBHOOK_URL", "http://127.0.0.1:" + tickets.port() + "/tickets");
        common.put("AFTERMATH_TICKETS_RETRY_DELAY", "PT3S");
        common.put("AFTERMATH_MAIL_RETRY_INITIAL", "PT2S");
        common.put("AFTERMATH_MAIL_RETRY_MAX", "PT10S");
        common.put("AFTERMATH_DB_POOL_SIZE", "12");
        Map<String, String> envA = new HashMap<>(common);
        // node A reaches the database through a proxy that the readiness test cuts
        envA.put("AFTERMATH_DB_URL", "jdbc:postgresql://127.0.0.1:" + proxyA.port() + "/" + dbName);
        Map<String, String> envB = new HashMap<>(common);
        envB.put("AFTERMATH_DB_URL", dbUrl);
        long start = System.nanoTime();
        a = Node.start("A", jar, workDir, envA);
        b = Node.start("B", jar, workDir, envB);
        a.awaitHealthy(Duration.ofMinutes(4));
        b.awaitHealthy(Duration.ofMinutes(4));
        figures.put("both nodes healthy after (ms)", (System.nanoTime() - start) / 1_000_000);
    }

    @AfterAll
    void stop() throws Exception {
        System.out.println("=== Cluster test figures ===");
        figures.forEach((k, v) -> System.out.println("  " + k + ": " + v));
        for (AutoCloseable c : new AutoCloseable[] {a, b, smtp, tickets, proxyA}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // best effort
                }
            }
        }
        if (dbName != null) {
            try (Connection c = admin(); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + dbName + " with (force)");
            } catch (Exception ignored) {
                // the throwaway server goes anyway
            }
        }
    }

    @Test
    @Order(1)
    void two_nodes_started_at_once_on_an_empty_database_made_one_set_of_groups_filters_grants_and_deployments()
            throws Exception {
        try (Connection c = db()) {
            assertThat(rows(c, "select name_ from act_ru_filter group by name_ having count(*) > 1")).isEmpty();
            assertThat(rows(c, "select name_ from act_ru_filter")).containsExactlyInAnyOrder("All tasks", "My tasks",
                    "My groups' tasks");
            assertThat(rows(c, "select id_ from act_id_group")).contains("incident-commanders", "tech-leads",
                    "engineering", "engineering-managers", "security", "camunda-admin").doesNotHaveDuplicates();
            assertThat(rows(c, """
                    select coalesce(user_id_, '') || '/' || coalesce(group_id_, '') || '/' || resource_type_ || '/'
                           || resource_id_ from act_ru_authorization where type_ <> 1
                     group by type_, user_id_, group_id_, resource_type_, resource_id_ having count(*) > 1""")).isEmpty();
            assertThat(number(c, "select count(*) from act_ru_authorization")).isGreaterThan(10);
            assertThat(rows(c, "select key_ from act_re_procdef group by key_ having count(*) > 1")).isEmpty();
            assertThat(rows(c, "select key_ from act_re_decision_def group by key_ having count(*) > 1")).isEmpty();
            assertThat(number(c, "select count(*) from act_re_deployment")).isEqualTo(1);
            assertThat(rows(c, "select id_ from act_id_user")).containsExactly("admin");
        }
        assertThat(Files.readString(a.log) + Files.readString(b.log)).contains("Start-up lock taken after");
    }

    @Test
    @Order(2)
    void both_nodes_show_the_same_fingerprint_of_templates_rules_and_diagrams() throws Exception {
        HttpResponse<String> infoA = a.get("/actuator/info", true);
        HttpResponse<String> infoB = b.get("/actuator/info", true);
        assertThat(infoA.statusCode()).isEqualTo(200);
        assertThat(a.get("/actuator/info", false).statusCode()).isEqualTo(401);
        JsonNode fa = json.readTree(infoA.body()).path("aftermath");
        JsonNode fb = json.readTree(infoB.body()).path("aftermath");
        assertThat(fa.path("node").asText()).isEqualTo("A");
        assertThat(fb.path("node").asText()).isEqualTo("B");
        assertThat(fa.path("fingerprint").asText()).hasSize(64).isEqualTo(fb.path("fingerprint").asText());
        assertThat(fa.path("templates").path("files").asInt()).isGreaterThan(20);
        assertThat(fa.path("diagrams").path("latest").path("postmortem").path("version").asInt()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void a_burst_with_a_killed_node_an_smtp_outage_and_a_flaky_ticket_sink_ends_exactly_once() throws Exception {
        createUsers();
        smtp.refuseAll(true);
        long outageStart = System.nanoTime();
        LocalDate overdue = LocalDate.now(ZoneOffset.UTC).minusDays(8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < LIFECYCLES; i++) {
            ids.add("INC-CL-" + i);
        }
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<Integer>> answers = new ArrayList<>();
        long burstStart = System.nanoTime();
        for (int i = 0; i < LIFECYCLES; i++) {
            String id = ids.get(i);
            String body = json.writeValueAsString(incident(id, i % 2 == 0 ? "SEV2" : "SEV4"));
            Node first = i % 2 == 0 ? a : b;
            answers.add(clients.submit(() -> first.send("POST", "/api/incidents", body).statusCode()));
            if (i < DUPLICATED) {
                // the same closure to the other node at the same moment
                Node other = first == a ? b : a;
                answers.add(clients.submit(() -> other.send("POST", "/api/incidents", body).statusCode()));
            }
        }
        for (Future<Integer> f : answers) {
            assertThat(f.get()).as("closure answer").isIn(200, 201);
        }
        answers.clear();
        for (int i = 0; i < LIFECYCLES; i++) {
            String id = ids.get(i);
            Node node = i % 2 == 0 ? b : a;
            String body = json.writeValueAsString(actionItemStart(id, OWNERS[i % OWNERS.length], overdue));
            answers.add(clients.submit(() -> node.send("POST",
                    "/engine-rest/process-definition/key/action-item/start", body).statusCode()));
        }
        for (Future<Integer> f : answers) {
            assertThat(f.get()).as("action item start").isEqualTo(200);
        }
        clients.shutdown();
        figures.put("closures + item starts sent in (ms)", (System.nanoTime() - burstStart) / 1_000_000);

        // kill B while it holds jobs
        try (Connection c = db()) {
            awaitTrue(Duration.ofMinutes(3), () -> number(c, "select count(*) from act_ru_job where lock_owner_ = 'B' "
                    + "and lock_exp_time_ > now()") > 0, "node B holds a job lock");
            long heldJobs = number(c, "select count(*) from act_ru_job where lock_owner_ = 'B'");
            long heldMails = number(c, "select count(*) from am_mail_delivery where claimed_by like 'B#%' "
                    + "and status = 'SENDING'");
            b.kill();
            long killed = System.nanoTime();
            figures.put("jobs locked by B at SIGKILL", heldJobs);
            figures.put("mail deliveries claimed by B at SIGKILL", heldMails);
            awaitTrue(Duration.ofMinutes(3), () -> number(c, "select count(*) from act_ru_job where lock_owner_ = 'B'")
                    + number(c, "select count(*) from act_ru_ext_task where worker_id_ = 'tickets@B'")
                    + number(c, "select count(*) from am_mail_delivery where claimed_by like 'B#%' and status = 'SENDING'")
                    == 0, "node A took over B's jobs, ticket tasks and mail claims");
            long takeover = (System.nanoTime() - killed) / 1_000_000;
            figures.put("takeover after SIGKILL (ms)", takeover);
            // lock-time 40 s + max-wait 10 s (application.yml) + slack for a loaded machine
            assertThat(takeover).isLessThan(Duration.ofSeconds(90).toMillis());

            long outageLeft = SMTP_OUTAGE.toNanos() - (System.nanoTime() - outageStart);
            if (outageLeft > 0) {
                Thread.sleep(outageLeft / 1_000_000);
            }
            assertThat(smtp.received()).as("nothing gets through while SMTP refuses").isEmpty();
            smtp.refuseAll(false);
            long smtpBack = System.nanoTime();

            awaitTrue(Duration.ofMinutes(6), () -> converged(c), "the cluster converges");
            figures.put("converged after SMTP came back (ms)", (System.nanoTime() - smtpBack) / 1_000_000);
            figures.put("burst to converged (ms)", (System.nanoTime() - burstStart) / 1_000_000);

            // duplicate closures: one lifecycle each
            assertThat(number(c, "select count(*) from act_hi_procinst where proc_def_key_ = 'postmortem'"))
                    .isEqualTo(LIFECYCLES);
            assertThat(rows(c, "select business_key_ from act_hi_procinst where proc_def_key_ = 'postmortem' "
                    + "group by business_key_ having count(*) > 1")).isEmpty();
            assertThat(number(c, "select count(*) from am_incident")).isEqualTo(LIFECYCLES);

            // every ladder timer that was due fired once per item, and its send step ran once
            for (String activity : List.of("Timer_Reminder", "Timer_Due", "Timer_Week1", "Send_Reminder",
                    "Send_Due", "Send_Week1")) {
                assertThat(number(c, "select count(*) from act_hi_actinst where act_id_ = '" + activity
                        + "' and end_time_ is not null")).as(activity).isEqualTo(LIFECYCLES);
            }
            // ... and the next rung waits
            assertThat(number(c, "select count(*) from act_ru_job where type_ = 'timer'"
                    + " and duedate_ > now() + interval '1 day'")).isGreaterThanOrEqualTo(LIFECYCLES);

            // every expected mail: one outbox row per (step, recipient), each SENT, each in the sink exactly once
            long deliveries = number(c, "select count(*) from am_mail_delivery");
            List<String> keys = rows(c, "select idem_key from am_mail_delivery where status = 'SENT'");
            assertThat(keys).hasSize((int) deliveries);
            Map<String, Integer> arrived = new HashMap<>();
            for (SmtpSink.Received r : smtp.received()) {
                arrived.merge(r.messageId(), 1, Integer::sum);
            }
            List<String> missing = keys.stream().filter(k -> !arrived.containsKey("<" + k + "@aftermath>")).toList();
            assertThat(missing).as("deliveries that never arrived").isEmpty();
            int duplicates = arrived.values().stream().mapToInt(n -> n - 1).sum();
            figures.put("mail deliveries (step, recipient)", deliveries);
            figures.put("mails received", (long) smtp.received().size());
            figures.put("duplicate mails", (long) duplicates);
            // the only window: a row B's SMTP conversation had finished when it died, before its SENT mark
            assertThat(duplicates).isLessThanOrEqualTo((int) heldMails);
            // each step's mail went to each of its recipients, e.g. the reminder to the owner of every item
            assertThat(number(c, stepMails("Send_Reminder") + " and d.user_id like 'own%'")).isEqualTo(LIFECYCLES);
            assertThat(number(c, stepMails("Send_Due") + " and d.user_id like 'own%'")).isEqualTo(LIFECYCLES);
            assertThat(number(c, stepMails("Send_Week1") + " and d.user_id like 'tl%'")).isGreaterThanOrEqualTo(LIFECYCLES);

            // one ticket per item, whatever the sink answered first
            assertThat(tickets.ticketsPerItem()).hasSize(LIFECYCLES).allSatisfy((item, n) -> assertThat(n)
                    .as("tickets of " + item).isEqualTo(1));
            assertThat(tickets.failedFirstAnswers()).isGreaterThan(0);
            assertThat(number(c, "select count(*) from am_action_item where ticket is null")).isZero();
            figures.put("tickets", (long) tickets.ticketsPerItem().size());
            figures.put("ticket requests (with retries)", (long) tickets.requests());
        }
    }

    @Test
    @Order(4)
    void readiness_is_down_while_the_database_is_unreachable_and_up_again_after_it_returns() throws Exception {
        assertThat(a.get("/actuator/health/readiness", false).statusCode()).isEqualTo(200);
        proxyA.cut();
        long cut = System.nanoTime();
        awaitTrue(Duration.ofSeconds(60), () -> status(a, "/actuator/health/readiness") == 503,
                "readiness DOWN without the database");
        figures.put("readiness DOWN after the database was cut (ms)", (System.nanoTime() - cut) / 1_000_000);
        assertThat(status(a, "/actuator/health/liveness")).isEqualTo(200);
        proxyA.restore();
        long back = System.nanoTime();
        awaitTrue(Duration.ofSeconds(60), () -> status(a, "/actuator/health/readiness") == 200,
                "readiness UP with the database back");
        figures.put("readiness UP after the database came back (ms)", (System.nanoTime() - back) / 1_000_000);
        assertThat(a.alive()).isTrue();
        assertThat(a.send("GET", "/api/incidents?size=1", null).statusCode()).isEqualTo(200);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private boolean converged(Connection c) throws Exception {
        return number(c, "select count(*) from am_mail_delivery where status <> 'SENT'") == 0
                && number(c, "select count(*) from act_ru_ext_task") == 0
                && number(c, "select count(*) from act_ru_incident") == 0
                && number(c, "select count(*) from act_ru_job where duedate_ is null or duedate_ <= now()") == 0
                && number(c, "select count(*) from act_hi_actinst where act_id_ = 'Send_Week1' "
                + "and end_time_ is not null") == LIFECYCLES
                && number(c, "select count(*) from am_action_item where ticket is null") == 0;
    }

    /** The deliveries recorded by each execution of a send step (its activity instance is in the mail's intent). */
    private static String stepMails(String activityId) {
        return "select count(*) from am_mail_delivery d join am_mail_message m on m.id = d.message_id"
                + " join act_hi_actinst h on m.step = 'step/' || h.proc_inst_id_ || '/' || h.id_"
                + " where h.act_id_ = '" + activityId + "'";
    }

    private void createUsers() throws Exception {
        Map<String, List<String>> users = new LinkedHashMap<>();
        users.put("ic1", List.of("incident-commanders", "engineering"));
        users.put("resp1", List.of("engineering"));
        users.put("tl1", List.of("tech-leads", "engineering"));
        users.put("tl2", List.of("tech-leads", "engineering"));
        users.put("em1", List.of("engineering-managers", "engineering"));
        for (String owner : OWNERS) {
            users.put(owner, List.of("engineering"));
        }
        for (Map.Entry<String, List<String>> u : users.entrySet()) {
            Map<String, Object> profile = Map.of("id", u.getKey(), "firstName", u.getKey().toUpperCase(),
                    "lastName", "Cluster", "email", u.getKey() + "@cluster.example");
            HttpResponse<String> r = a.send("POST", "/engine-rest/user/create",
                    json.writeValueAsString(Map.of("profile", profile, "credentials", Map.of("password", "pw-"
                            + u.getKey()))));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
            for (String g : u.getValue()) {
                assertThat(a.send("PUT", "/engine-rest/group/" + g + "/members/" + u.getKey(), null).statusCode())
                        .isEqualTo(204);
            }
        }
    }

    private static Map<String, Object> incident(String id, String severity) {
        Instant resolved = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Instant started = resolved.minus(47, ChronoUnit.MINUTES);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("title", "Checkout failed for " + id);
        m.put("service", "payments");
        m.put("severity", severity);
        m.put("startedAt", started.toString());
        m.put("detectedAt", started.plus(5, ChronoUnit.MINUTES).toString());
        m.put("acknowledgedAt", started.plus(9, ChronoUnit.MINUTES).toString());
        m.put("mitigatedAt", started.plus(32, ChronoUnit.MINUTES).toString());
        m.put("resolvedAt", resolved.toString());
        m.put("commander", "ic1");
        m.put("responders", List.of("resp1"));
        m.put("usersAffected", 1200);
        m.put("usersAffectedPercent", 0.5);
        m.put("customerImpact", "Customers could not pay");
        m.put("symptom", "cluster-" + id);
        m.put("timeline", List.of(Map.of("at", started.toString(), "event", "Error rate above 5%", "source",
                "PagerDuty")));
        return m;
    }

    private Map<String, Object> actionItemStart(String incidentId, String owner, LocalDate due) throws Exception {
        Map<String, Object> item = Map.of("title", "Alert on pool saturation for " + incidentId, "owner", owner,
                "dueDate", due.toString(), "priority", "HIGH");
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("incidentId", Map.of("value", incidentId, "type", "String"));
        variables.put("itemNumber", Map.of("value", 1, "type", "Integer"));
        variables.put("actionItem", Map.of("value", json.writeValueAsString(item), "type", "Json"));
        return Map.of("businessKey", incidentId + "/AI-1", "variables", variables);
    }

    private static int status(Node node, String path) {
        try {
            return node.get(path, false).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private Connection admin() throws Exception {
        return DriverManager.getConnection(adminUrl(), env("AFTERMATH_TEST_POSTGRES_USER", "postgres"),
                env("AFTERMATH_TEST_POSTGRES_PASSWORD", ""));
    }

    private Connection db() throws Exception {
        return DriverManager.getConnection(dbUrl, env("AFTERMATH_TEST_POSTGRES_USER", "postgres"),
                env("AFTERMATH_TEST_POSTGRES_PASSWORD", ""));
    }

    private static long number(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> rows(Connection c, String sql) throws Exception {
        List<String> result = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                result.add(rs.getString(1));
            }
        }
        return result;
    }

    interface Check {
        boolean holds() throws Exception;
    }

    private void awaitTrue(Duration timeout, Check check, String what) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (check.holds()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Not within " + timeout + ": " + what + "\n--- node A ---\n" + a.tail()
                + (b.alive() ? "\n--- node B ---\n" + b.tail() : ""));
    }

    /**
     * An idempotent ticket API: one ticket per {@code Idempotency-Key}; for every fourth item the first answer is
     * lost after the ticket was created, for every fourth item + 1 the first answer is a 503.
     */
    static final class TicketSink implements AutoCloseable {
        private final HttpServer server;
        private final Map<String, String> byKey = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> perItem = new ConcurrentHashMap<>();
        private final Set<String> answeredBadlyOnce = ConcurrentHashMap.newKeySet();
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final ObjectMapper json = new ObjectMapper();

        TicketSink() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.createContext("/tickets", exchange -> {
                requests.incrementAndGet();
                JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
                String item = body.path("id").asText();
                String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                int n = Integer.parseInt(item.substring(item.indexOf("INC-CL-") + 7, item.indexOf("/AI-")));
                boolean firstTime = answeredBadlyOnce.add(item);
                if (firstTime && n % 4 == 1) {
                    failed.incrementAndGet();
                    exchange.sendResponseHeaders(503, -1);
                    exchange.close();
                    return;
                }
                String ticket = byKey.computeIfAbsent(key == null ? "no-key-" + requests.get() : key, k -> {
                    perItem.computeIfAbsent(item, i -> new AtomicInteger()).incrementAndGet();
                    return "https://tickets.example/CL-" + byKey.size();
                });
                if (firstTime && n % 4 == 0) {
                    failed.incrementAndGet();
                    exchange.close(); // created, but the answer is lost
                    return;
                }
                TicketStubs.created(exchange, ticket);
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        Map<String, Integer> ticketsPerItem() {
            Map<String, Integer> m = new HashMap<>();
            perItem.forEach((k, v) -> m.put(k, v.get()));
            return m;
        }

        int failedFirstAnswers() {
            return failed.get();
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
