package dev.aftermath.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.aftermath.support.ProcessTestSupport;
import dev.aftermath.support.RestCalls;

/**
 * Issue 21, item 5: Tasklist's "Start process" offers only the post-mortem lifecycle, and only to people who may start
 * it. The query is the one Tasklist's start dialog makes, over {@code /engine-rest}, as an incident commander, as an
 * administrator (who may read every definition) and as people who may start nothing. Every diagram in
 * {@code processes/} is enumerated, so a new one that forgets {@code camunda:isStartableInTasklist="false"} fails here.
 */
class StartableInTasklistTest extends ProcessTestSupport {

    /** Tasklist's start dialog: {@code latest, active, startableInTasklist, startablePermissionCheck}. */
    private static final String START_DIALOG = "/engine-rest/process-definition?latest=true&active=true"
            + "&startableInTasklist=true&startablePermissionCheck=true";

    @LocalServerPort int port;
    private RestCalls rest;

    @BeforeEach
    void client() {
        rest = new RestCalls(port, objectMapper);
    }

    private List<String> keys(String path, String user) throws Exception {
        RestCalls.Reply reply = rest.get(path, user);
        assertThat(reply.status()).as(user + " " + path + ": " + reply.body()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        for (JsonNode d : reply.json()) {
            keys.add(d.path("key").asText());
        }
        return keys;
    }

    private static List<String> diagramsOnDisk() throws Exception {
        Pattern process = Pattern.compile("<bpmn:process id=\"([^\"]+)\"");
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("processes"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".bpmn")).sorted().toList()) {
                Matcher m = process.matcher(Files.readString(f));
                while (m.find()) {
                    ids.add(m.group(1));
                }
            }
        }
        return ids;
    }

    @Test
    void only_the_postmortem_lifecycle_is_startable_in_tasklist_and_only_by_who_may_start_it() throws Exception {
        List<String> diagrams = diagramsOnDisk();
        assertThat(diagrams).contains("postmortem", "action-item", "task-notification", "ticket-sync", "wiki-sync",
                "insights-weekly-digest", "insights-quarterly-digest", "insights-leadership-brief");

        // the administrator reads every deployed diagram, and is offered only the lifecycle
        assertThat(keys("/engine-rest/process-definition?latest=true", "demo")).containsAll(diagrams);
        assertThat(keys("/engine-rest/process-definition?latest=true&startableInTasklist=true", "demo"))
                .containsExactly("postmortem");
        assertThat(keys(START_DIALOG, "demo")).containsExactly("postmortem");
        assertThat(keys("/engine-rest/process-definition?latest=true&notStartableInTasklist=true", "demo"))
                .containsExactlyInAnyOrderElementsOf(diagrams.stream().filter(d -> !d.equals("postmortem")).toList());

        // an incident commander starts post-mortems (CREATE_INSTANCE on the definition)
        assertThat(keys(START_DIALOG, "jordan")).containsExactly("postmortem");

        // everyone else is offered nothing, so Tasklist hides "Start process" for them (aftermath/links.js)
        for (String user : List.of("priya", "carlos", "mia", "sam", "alex", "sasha")) {
            assertThat(keys(START_DIALOG, user)).as(user).isEmpty();
            RestCalls.Reply count = rest.get(START_DIALOG.replace("process-definition?", "process-definition/count?"),
                    user);
            assertThat(count.json().path("count").asInt()).as(user).isZero();
        }
        assertThat(rest.get(START_DIALOG.replace("process-definition?", "process-definition/count?"), "jordan")
                .json().path("count").asInt()).isEqualTo(1);

        // and starting anything else by its key is refused, for the commander as for the engineer
        for (String user : List.of("jordan", "alex")) {
            RestCalls.Reply start = rest.post("/engine-rest/process-definition/key/action-item/start", user, "{}");
            assertThat(start.status()).as(user).isIn(403, 404);
        }
    }
}
