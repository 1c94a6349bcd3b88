package dev.aftermath.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.aftermath.support.ProcessTestSupport;

/**
 * Seeds the database of the scale benchmark (tag {@code benchmark}, run by {@code ./bench/run}; BENCHMARKS.md): five
 * years of an organisation's data in Aftermath's tables by SQL (incidents, post-mortems, quality rounds, action items,
 * participants of restricted incidents), and open user tasks through the engine (so that their identity links,
 * authorizations and history are the engine's own): a one-task diagram, assigned to one of the users or offered to one
 * of their teams. The queries are then timed over HTTP against the packaged application on this database
 * ({@code bench/src/ScaleQueries.java}); this class only seeds and reports how long seeding took.
 *
 * <p>Users {@code benchuser000} ... (password = id), each in {@code engineering} and one of twenty teams
 * {@code bench-team-00} ... Sizes from system properties {@code bench.incidents}, {@code bench.postmortems},
 * {@code bench.items}, {@code bench.tasks}, {@code bench.users}.
 */
@Tag("benchmark")
class ScaleSeedBenchmark extends ProcessTestSupport {

    static final int TEAMS = 20;

    @Autowired JdbcTemplate jdbc;
    @Autowired IdentityService identityService;
    @Autowired RepositoryService repositoryService;
    @Autowired TransactionTemplate transactions;

    @Test
    void seed_five_years() {
        int incidents = Integer.getInteger("bench.incidents", 1000);
        int postmortems = Integer.getInteger("bench.postmortems", 300);
        int items = Integer.getInteger("bench.items", 1500);
        int tasks = Integer.getInteger("bench.tasks", 5000);
        int users = Integer.getInteger("bench.users", 200);
        long t0 = System.nanoTime();
        users(users);
        tables(incidents, postmortems, items, users);
        long t1 = System.nanoTime();
        tasks(tasks, users);
        long t2 = System.nanoTime();
        String note = incidents + " incidents, " + postmortems + " post-mortems, " + items + " action items by SQL in "
                + (t1 - t0) / 1_000_000_000 + " s; " + tasks + " open user tasks of " + users + " users through the "
                + "engine in " + (t2 - t1) / 1_000_000_000 + " s";
        BenchOut.line("scale", "seeded", Integer.toString(tasks), "tasks", "-", "-", "-", note);
        assertThat(taskService.createTaskQuery().processDefinitionKey("bench-open-task").count()).isEqualTo(tasks);
    }

    static String user(int n) {
        return String.format("benchuser%03d", n);
    }

    static String team(int n) {
        return String.format("bench-team-%02d", n % TEAMS);
    }

    private void users(int users) {
        for (int t = 0; t < TEAMS; t++) {
            if (identityService.createGroupQuery().groupId(team(t)).count() == 0) {
                var group = identityService.newGroup(team(t));
                group.setName("Benchmark team " + t);
                group.setType("WORKFLOW");
                identityService.saveGroup(group);
            }
        }
        for (int u = 0; u < users; u++) {
            if (identityService.createUserQuery().userId(user(u)).count() > 0) {
                continue;
            }
            User user = identityService.newUser(user(u));
            user.setFirstName("Bench");
            user.setLastName("User " + u);
            user.setEmail(user(u) + "@aftermath.example");
            user.setPassword(user(u));
            identityService.saveUser(user);
            identityService.createMembership(user(u), "engineering");
            identityService.createMembership(user(u), team(u));
        }
    }

    /** Aftermath's tables, 2010–2014, as the insights benchmark seeds them, owners among the benchmark users. */
    private void tables(int incidentCount, int postmortemCount, int itemCount, int users) {
        if (jdbc.queryForObject("select count(*) from am_incident where id like 'SCALE-%'", Long.class) > 0) {
            return;
        }
        Random random = new Random(42);
        LocalDate first = LocalDate.of(2010, 1, 1);
        String[] severities = {"SEV1", "SEV2", "SEV3", "SEV4"};
        String[] categories = {"CAPACITY", "DEPLOYMENT", "CONFIGURATION", "DEPENDENCY", "MONITORING", "SECURITY"};
        String[] states = {"OPEN", "OVERDUE", "DONE", "DONE", "DONE", "DROPPED"};
        String[] words = {"connection pool", "certificate", "DNS", "disk full", "memory leak", "deploy", "cache",
                "rate limit", "queue backlog", "timeout"};
        List<Object[]> incidents = new ArrayList<>();
        List<Object[]> postmortems = new ArrayList<>();
        List<Object[]> rounds = new ArrayList<>();
        List<Object[]> items = new ArrayList<>();
        List<Object[]> participants = new ArrayList<>();
        int itemsLeft = itemCount;
        int every = Math.max(1, incidentCount / postmortemCount);
        int itemsPerPostmortem = Math.max(1, (itemCount + postmortemCount - 1) / postmortemCount);
        for (int n = 0; n < incidentCount; n++) {
            String id = "SCALE-" + n;
            Instant resolved = first.atStartOfDay().toInstant(ZoneOffset.UTC)
                    .plusSeconds((long) n * (5L * 365 * 86400 / incidentCount));
            Instant detected = resolved.minusSeconds(60L * (10 + random.nextInt(300)));
            Instant started = detected.minusSeconds(60L * random.nextInt(30));
            Instant acknowledged = detected.plusSeconds(60L * random.nextInt(15));
            boolean pm = n % every == 0 && postmortems.size() < postmortemCount;
            boolean restricted = n % 50 == 7;
            Instant deadline = resolved.plusSeconds(72 * 3600);
            String word = words[n % words.length];
            incidents.add(new Object[] {id, "Checkout errors: " + word + " on service " + (n % 20),
                    "scale-svc-" + (n % 20), severities[n % 4], ts(started), ts(detected), ts(acknowledged),
                    ts(resolved), "symptom-" + (n % 97), pm ? "REQUIRED" : "NOT_REQUIRED", pm ? ts(deadline) : null,
                    pm ? ts(deadline) : null, pm ? "POSTMORTEM_PUBLISHED" : "NO_POSTMORTEM", ts(resolved), restricted});
            participants.add(new Object[] {id, user(random.nextInt(users)), "commander"});
            if (restricted) {
                participants.add(new Object[] {id, "priya", "author"});
            }
            if (pm) {
                Instant published = resolved.plusSeconds(3600L * (12 + random.nextInt(100)));
                postmortems.add(new Object[] {id, ts(resolved), ts(published), ts(published),
                        "The " + word + " was not monitored (" + n + ")", "Summary of " + word + " incident " + n,
                        categories[n % categories.length], ts(resolved.plusSeconds(3600L * random.nextInt(60))),
                        random.nextInt(3)});
                for (int r = 1; r <= 1 + random.nextInt(3); r++) {
                    rounds.add(new Object[] {id, r, ts(resolved)});
                }
                for (int k = 1; k <= itemsPerPostmortem && itemsLeft > 0; k++, itemsLeft--) {
                    String state = states[random.nextInt(states.length)];
                    LocalDate due = LocalDate.ofInstant(published, ZoneOffset.UTC).plusDays(7 + random.nextInt(60));
                    Instant ended = state.equals("DONE") || state.equals("DROPPED")
                            ? published.plusSeconds(86400L * random.nextInt(80)) : null;
                    items.add(new Object[] {id + "/AI-" + k, id, k, "Fix the " + word + " (" + k + " of " + n + ")",
                            user(random.nextInt(users)), k == 1 ? "HIGH" : "MEDIUM", due, state,
                            state.equals("OVERDUE") ? random.nextInt(5) : 0, ts(published), ts(published),
                            ended == null ? null : ts(ended)});
                }
            }
        }
        jdbc.batchUpdate("""
                insert into am_incident (id, title, service, severity, started_at, detected_at, acknowledged_at,
                  resolved_at, symptom, requirement, publish_deadline, meeting_deadline, state, created_at, restricted)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", incidents);
        jdbc.batchUpdate("insert into am_incident_participant (incident_id, user_id, role) values (?, ?, ?)",
                participants);
        jdbc.batchUpdate("""
                insert into am_postmortem (incident_id, status, document, created_at, updated_at, published_at,
                  root_cause, summary, cause_category, meeting_start, review_rounds)
                values (?, 'PUBLISHED', '{}', ?, ?, ?, ?, ?, ?, ?, ?)""", postmortems);
        jdbc.batchUpdate("""
                insert into am_quality_round (incident_id, round_no, stage, verdict, blocking_count, warning_count,
                  findings, checked_at) values (?, ?, 'FINAL', 'PASSED', 0, 0, '[]', ?)""", rounds);
        jdbc.batchUpdate("""
                insert into am_action_item (id, incident_id, item_number, title, owner, priority, due_date, state,
                  escalation_level, history, created_at, updated_at, ended_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?)""", items);
    }

    /** Open user tasks: three in five assigned to a user, the rest offered to a team (candidate group). */
    private void tasks(int count, int users) {
        if (repositoryService.createProcessDefinitionQuery().processDefinitionKey("bench-open-task").count() == 0) {
            repositoryService.createDeployment().name("bench-open-task")
                    .addClasspathResource("bench/bench-open-task.bpmn").deploy();
        }
        long existing = taskService.createTaskQuery().processDefinitionKey("bench-open-task").count();
        Random random = new Random(7);
        int batch = 500;
        for (int from = (int) existing; from < count; from += batch) {
            int start = from;
            int end = Math.min(count, from + batch);
            transactions.executeWithoutResult(status -> {
                for (int i = start; i < end; i++) {
                    Map<String, Object> vars = new HashMap<>();
                    int u = random.nextInt(users);
                    vars.put("assignee", i % 5 < 3 ? user(u) : null);
                    vars.put("group", team(u));
                    vars.put("due", Date.from(Instant.now().plusSeconds(86400L * (random.nextInt(30) - 10))));
                    runtimeService.startProcessInstanceByKey("bench-open-task", "SCALE-TASK-" + i, vars);
                }
            });
        }
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
