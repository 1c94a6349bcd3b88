package dev.aftermath.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

import dev.aftermath.postmortem.TimelineCandidateRepository;
import dev.aftermath.postmortem.TimelineCandidateSource.Candidate;
import dev.aftermath.postmortem.TimelineCandidates;
import dev.aftermath.postmortem.TimelineDraftStep;
import dev.aftermath.process.JsonVariables;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.support.Chromium;
import dev.aftermath.support.Drafts;

/**
 * Issue 25, item 3: the author sees the candidates imported from the channel and PagerDuty in the draft form, clicks
 * Accept on one, Drop on another, leaves the third, and completes: only the accepted one joins the timeline, with its
 * actor and link; the undecided one is still there to review. (The import itself, against WireMock stubs of Slack and
 * PagerDuty, is {@code integration.TimelineImportTest}; here the candidates are stored as the import stores them.)
 */
@EnabledIf(value = Chromium.INSTALLED, disabledReason = Chromium.SKIPPED)
class TimelineCandidatesBrowserTest extends BrowserTestSupport {

    @Autowired TimelineCandidateRepository repository;
    @Autowired TimelineCandidates candidates;
    @Autowired TimelineDraftStep drafts;
    @Autowired JsonVariables json;

    @Test
    void the_author_accepts_and_drops_candidates_by_clicking_and_only_the_accepted_one_joins_the_timeline()
            throws Exception {
        String id = newIncidentId("INC-CANDIDATES");
        Map<String, Object> payload = incident(id, "SEV2", Duration.ofHours(2));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        Instant started = Instant.parse((String) payload.get("startedAt"));
        ProcessInstance pi = start(payload);
        runAsyncJobs();
        Task draft = taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_WRITE_DRAFT).singleResult();
        assertThat(draft).isNotNull();
        // what the import stores: three candidates, then the draft form's list
        Instant now = Instant.now();
        String link = "https://acme.slack.com/archives/C0INC/p" + started.getEpochSecond() + "000100";
        repository.addIfAbsent(id, "slack", new Candidate(started.getEpochSecond() + ".000100",
                started.plus(3, ChronoUnit.MINUTES), "carlos", "Rolling back the feature flag now", link, true), now);
        repository.addIfAbsent(id, "slack", new Candidate(started.getEpochSecond() + ".000200",
                started.plus(6, ChronoUnit.MINUTES), "Sam Outside", "lunch anyone?", null, false), now);
        repository.addIfAbsent(id, "pagerduty", new Candidate("RLOG1", started.plus(8, ChronoUnit.MINUTES),
                "Dana On-call", "Escalated to the database team", "https://acme.pagerduty.com/log/RLOG1", false), now);
        drafts.writeCandidates(pi.getId(), json.write(candidates.proposed(id)));
        // the rest of the draft as the author saved it before
        runtimeService.setVariables(pi.getId(), Drafts.goodDraft());

        warmUpTasklist();
        login("priya");
        openTask(draft.getId(), "Write post-mortem draft");
        waitFor("the candidates are listed").until(d -> d.findElements(By.cssSelector(
                ".fjs-form [id$='-Field_candidate_text_2']")).size() == 1);
        assertThat(field("Field_candidate_text_0").getDomProperty("value"))
                .isEqualTo("Rolling back the feature flag now");
        chooseRadio("Field_candidate_decision_0", "Accept");
        chooseRadio("Field_candidate_decision_1", "Drop");
        capture("timeline-candidates-decided");
        completeTask(draft.getId());

        List<Map<String, Object>> timeline = json.listOfMaps(runtimeService.getVariable(pi.getId(),
                Vars.TIMELINE.name()));
        assertThat(timeline).filteredOn(e -> "Rolling back the feature flag now".equals(e.get("event")))
                .singleElement().satisfies(e -> {
                    assertThat(e.get("actor")).isEqualTo("carlos");
                    assertThat(e.get("source")).isEqualTo(link);
                    assertThat(e.get("at")).isEqualTo(started.plus(3, ChronoUnit.MINUTES).toString());
                });
        assertThat(timeline).noneMatch(e -> "lunch anyone?".equals(e.get("event")))
                .noneMatch(e -> "Escalated to the database team".equals(e.get("event")));
        assertThat(repository.all(id)).extracting(TimelineCandidateRepository.Row::text,
                        TimelineCandidateRepository.Row::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Rolling back the feature flag now", "ACCEPTED"),
                        org.assertj.core.groups.Tuple.tuple("lunch anyone?", "DROPPED"),
                        org.assertj.core.groups.Tuple.tuple("Escalated to the database team", "PROPOSED"));
    }
}
