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
        int seededTasks = tasks(tasks, users);
        long t2 = System.nanoTime();
        String note = incidents + " incidents, " + postmortems + " post-mortems, " + items + " action items by SQL in "
                + (t1 - t0) / 1_000_000_000 + " s; " + tasks + " open user tasks of " + users + " users (5 per user "
                + "through the engine, the rest copied by SQL) in " + (t2 - t1) / 1_000_000_000 + " s";
        BenchOut.line("scale", "seeded", Integer.toString(seededTasks), "tasks", "-", "-", "-", note);
        assertThat(seededTasks).isGreaterThanOrEqualTo(tasks);
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

    /**
     * Open user tasks: per user, five started through the engine (three assigned to the user, two offered to the user's
     * team), so that the rows are the engine's own (task, execution, identity links, authorizations); these templates
     * are then copied by SQL, each row with its ids suffixed, until there are {@code count} tasks. The copies have the
     * runtime rows the Tasklist filter queries read, not the history rows (starting 50,000 instances through the
     * engine takes most of an hour on the 2-core machine).
     */
    private int tasks(int count, int users) {
        if (repositoryService.createProcessDefinitionQuery().processDefinitionKey("bench-open-task").count() == 0) {
            repositoryService.createDeployment().name("bench-open-task")
                    .addClasspathResource("bench/bench-open-task.bpmn").deploy();
        }
        if (taskService.createTaskQuery().processDefinitionKey("bench-open-task").count() > 0) {
            return (int) taskService.createTaskQuery().processDefinitionKey("bench-open-task").count();
        }
        int templates = Math.min(count, users * 5);
        Random random = new Random(7);
        for (int from = 0; from < templates; from += 250) {
            int start = from;
            int end = Math.min(templates, from + 250);
            transactions.executeWithoutResult(status -> {
                for (int i = start; i < end; i++) {
                    Map<String, Object> vars = new HashMap<>();
                    int u = i % users;
                    vars.put("assignee", i / users < 3 ? user(u) : null);
                    vars.put("group", team(u));
                    vars.put("due", Date.from(Instant.now().plusSeconds(86400L * (random.nextInt(30) - 10))));
                    runtimeService.startProcessInstanceByKey("bench-open-task", "SCALE-TASK-" + i, vars);
                }
            });
        }
        int copies = (count + templates - 1) / templates - 1;
        if (copies > 0) {
            copy(copies);
        }
        return (int) taskService.createTaskQuery().processDefinitionKey("bench-open-task").count();
    }

    /** Copies the runtime rows of the template instances {@code copies} times, ids suffixed with the copy number. */
    private void copy(int copies) {
        jdbc.execute("create table bench_copy (x integer)");
        List<Object[]> numbers = new ArrayList<>();
        for (int x = 1; x <= copies; x++) {
            numbers.add(new Object[] {x});
        }
        jdbc.batchUpdate("insert into bench_copy (x) values (?)", numbers);
        String definition = repositoryService.createProcessDefinitionQuery().processDefinitionKey("bench-open-task")
                .singleResult().getId();
        String tasks = "select ID_ from ACT_RU_TASK where PROC_DEF_ID_ = '" + definition + "'";
        copy("ACT_RU_EXECUTION", "PROC_DEF_ID_ = '" + definition + "'");
        copy("ACT_RU_TASK", "PROC_DEF_ID_ = '" + definition + "'");
        copy("ACT_RU_IDENTITYLINK", "TASK_ID_ in (" + tasks + ")");
        copy("ACT_RU_AUTHORIZATION", "RESOURCE_ID_ in (" + tasks + ")");
        jdbc.execute("drop table bench_copy");
    }

    private static final java.util.Set<String> ID_COLUMNS = java.util.Set.of("ID_", "ROOT_PROC_INST_ID_",
            "PROC_INST_ID_", "PARENT_ID_", "SUPER_EXEC_", "EXECUTION_ID_", "TASK_ID_", "RESOURCE_ID_", "BUSINESS_KEY_");

    private void copy(String table, String templates) {
        List<String> columns = new ArrayList<>();
        jdbc.query("select * from " + table + " where 1 = 0",
                (org.springframework.jdbc.core.ResultSetExtractor<Void>) rs -> {
                    var meta = rs.getMetaData();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        columns.add(meta.getColumnName(c).toUpperCase(java.util.Locale.ROOT));
                    }
                    return null;
                });
        String select = columns.stream().map(c -> ID_COLUMNS.contains(c)
                ? "case when t." + c + " is null then null else t." + c + " || '-c' || cast(n.x as varchar(10)) end"
                : "t." + c).collect(java.util.stream.Collectors.joining(", "));
        int rows = jdbc.update("insert into " + table + " (" + String.join(", ", columns) + ") select " + select
                + " from " + table + " t cross join bench_copy n where t." + templates);
        System.out.println("BENCH copied " + rows + " rows of " + table);
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
