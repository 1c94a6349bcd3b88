package dev.aftermath.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.aftermath.postmortem.PostmortemController;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.postmortem.PostmortemRepository;
import dev.aftermath.postmortem.PostmortemStatus;
import dev.aftermath.process.JsonVariables;
import dev.aftermath.support.Drafts;
import dev.aftermath.support.ProcessTestSupport;

/** The quality gate in postmortem.bpmn: sent back with findings, acknowledged warnings, blocking findings. */
class QualityGateProcessTest extends ProcessTestSupport {

    @Autowired PostmortemController api;
    @Autowired PostmortemRepository postmortems;
    @Autowired JsonVariables json;

    private ProcessInstance startWithRoles(String prefix) {
        Map<String, Object> payload = incident(newIncidentId(prefix), "SEV1", Duration.ofHours(1));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        ProcessInstance pi = start(payload);
        assertThat(pi).isWaitingAt(Elements.TASK_WRITE_DRAFT, Elements.TASK_SCHEDULE_MEETING);
        return pi;
    }

    private List<Map<String, Object>> findings(ProcessInstance pi) {
        return json.listOfMaps(runtimeService.getVariable(pi.getId(), "qualityFindings"));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> rounds(ProcessInstance pi) {
        return (List<Map<String, Object>>) api.get(pi.getBusinessKey()).get("qualityRounds");
    }

    @Test
    void the_author_is_sent_back_twice_with_findings_and_then_passes() throws Exception {
        ProcessInstance pi = startWithRoles("INC-GATE");
        Task first = task(Elements.TASK_WRITE_DRAFT);
        runAsyncJobs();
        greenMail.purgeEmailFromAllMailboxes();

        // round 1: blame, one factor only
        Map<String, Object> draft = Drafts.goodDraft();
        draft.put("whatWentWrong", "John deployed broken code. Sarah forgot to check the config.");
        draft.put("contributingFactors", Drafts.json("[\"No saturation alert\"]"));
        complete(first, draft);
        assertThat(pi).isWaitingAt(Elements.TASK_WRITE_DRAFT).hasPassed(Elements.CHECK_DRAFT_QUALITY);
        Task second = task(Elements.TASK_WRITE_DRAFT);
        assertThat(second.getId()).isNotEqualTo(first.getId());
        assertThat(second).isAssignedTo("priya");
        assertThat(findings(pi)).extracting(f -> f.get("rule"), f -> f.get("section"), f -> f.get("text"),
                f -> f.get("severity")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("blame-language", "whatWentWrong", "John deployed broken code.", "BLOCKING"),
                org.assertj.core.groups.Tuple.tuple("blame-language", "whatWentWrong", "Sarah forgot to check the config.", "BLOCKING"),
                org.assertj.core.groups.Tuple.tuple("min-contributing-factors", "contributingFactors", "1 of 2", "BLOCKING"));
        assertThat(findings(pi)).allSatisfy(f -> assertThat((String) f.get("hint")).isNotBlank());
        assertThat(postmortems.find(pi.getBusinessKey()).orElseThrow().status()).isEqualTo(PostmortemStatus.DRAFT);
        // the new task's mail tells the author why
        runAsyncJobs();
        var mail = parts(mailTo("priya", pi.getBusinessKey()));
        assertThat(mail.html()).contains("quality gate sent the document back", "John deployed broken code.",
                "Fewer than two contributing factors");
        assertThat(mail.text()).contains("BLOCKING What went wrong: \"Sarah forgot to check the config.\"");

        // round 2: the blame is gone, but the root cause stops at human error
        draft.put("whatWentWrong", "The deployment process allowed untested code to reach production.");
        draft.put("contributingFactors", Drafts.json(Drafts.TWO_FACTORS));
        draft.put("rootCause", "Human error");
        complete(second, draft);
        assertThat(pi).isWaitingAt(Elements.TASK_WRITE_DRAFT);
        assertThat(findings(pi)).extracting(f -> f.get("rule")).containsExactly("root-cause-human-error");

        // round 3: passes and waits for the meeting
        draft.put("rootCause", "Configuration changes reach production without schema validation");
        complete(task(Elements.TASK_WRITE_DRAFT), draft);
        assertThat(pi).isWaitingAt(Elements.TASK_SCHEDULE_MEETING).hasPassed(Elements.CHECK_DRAFT_QUALITY);
        assertThat(taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_WRITE_DRAFT).count()).isZero();
        assertThat(findings(pi)).isEmpty();

        List<Map<String, Object>> rounds = rounds(pi);
        assertThat(rounds).extracting(r -> r.get("round"), r -> r.get("stage").toString(), r -> r.get("verdict").toString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "DRAFT", "SENT_BACK"),
                        org.assertj.core.groups.Tuple.tuple(2, "DRAFT", "SENT_BACK"),
                        org.assertj.core.groups.Tuple.tuple(3, "DRAFT", "PASSED"));
        assertThat((List<?>) rounds.get(0).get("findings")).hasSize(3);
        assertThat((List<?>) rounds.get(2).get("findings")).isEmpty();
    }

    @Test
    void acknowledged_warnings_pass_at_once() {
        ProcessInstance pi = startWithRoles("INC-ACK");
        Map<String, Object> draft = Drafts.goodDraft();
        draft.put("whys", Drafts.json("[\"Pool exhausted\",\"Traffic doubled\"]"));
        draft.put("acknowledgeWarnings", true);
        complete(task(Elements.TASK_WRITE_DRAFT), draft);
        assertThat(pi).isWaitingAt(Elements.TASK_SCHEDULE_MEETING);
        assertThat(taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_WRITE_DRAFT).count()).isZero();
        assertThat(rounds(pi)).singleElement().satisfies(r -> {
            assertThat(r.get("verdict").toString()).isEqualTo("PASSED");
            assertThat(r.get("acknowledgedWarnings")).isEqualTo(true);
            assertThat(r.get("warnings")).isEqualTo(1);
        });
        // the acknowledgement is used up: the next gate asks again
        assertThat(runtimeService.getVariable(pi.getId(), "acknowledgeWarnings")).isEqualTo(false);
    }

    @Test
    void unacknowledged_warnings_send_the_draft_back_once_only() {
        ProcessInstance pi = startWithRoles("INC-WARN");
        Map<String, Object> draft = Drafts.goodDraft();
        draft.put("whys", Drafts.json("[\"Pool exhausted\",\"Traffic doubled\",\"Pool sized for last year\"]"));
        complete(task(Elements.TASK_WRITE_DRAFT), draft);
        assertThat(pi).isWaitingAt(Elements.TASK_WRITE_DRAFT);
        assertThat(findings(pi)).singleElement().satisfies(f -> {
            assertThat(f.get("rule")).isEqualTo("min-whys");
            assertThat(f.get("severity")).isEqualTo("WARNING");
        });
        complete(task(Elements.TASK_WRITE_DRAFT), draft);
        assertThat(taskService.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.TASK_WRITE_DRAFT).count()).isZero();
        assertThat(rounds(pi)).extracting(r -> r.get("verdict").toString()).containsExactly("SENT_BACK", "PASSED");
    }

    @Test
    void blocking_findings_cannot_be_acknowledged() {
        ProcessInstance pi = startWithRoles("INC-BLOCK");
        Map<String, Object> draft = Drafts.goodDraft();
        draft.put("rootCause", "Operator error");
        draft.put("acknowledgeWarnings", true);
        for (int round = 1; round <= 2; round++) {
            complete(task(Elements.TASK_WRITE_DRAFT), draft);
            assertThat(pi).isWaitingAt(Elements.TASK_WRITE_DRAFT);
            assertThat(findings(pi)).extracting(f -> f.get("rule"), f -> f.get("severity"))
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("root-cause-human-error", "BLOCKING"));
        }
        assertThat(rounds(pi)).extracting(r -> r.get("verdict").toString(), r -> r.get("acknowledgedWarnings"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("SENT_BACK", true),
                        org.assertj.core.groups.Tuple.tuple("SENT_BACK", true));
    }

    @Test
    void the_final_gate_checks_action_items_and_sends_the_document_back_to_finalisation() {
        ProcessInstance pi = startWithRoles("INC-FINAL");
        complete(task(Elements.TASK_WRITE_DRAFT), Drafts.goodDraft());
        complete(task(Elements.TASK_SCHEDULE_MEETING), withVariables("meetingStart",
                Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES).toString(), "attendees", "mia"));
        runAsyncJobs();
        fireTimer(pi, Elements.TIMER_MEETING_START);
        String due = LocalDate.now().plusDays(7).toString();
        Map<String, Object> meeting = Drafts.goodMeeting();
        meeting.put("actionItems", Drafts.json("[{\"title\":\"Improve monitoring\",\"owner\":\"mia\",\"dueDate\":\""
                + due + "\",\"priority\":\"HIGH\"}]"));
        complete(task(Elements.TASK_HOLD_MEETING), meeting);
        assertThat(pi).isWaitingAt(Elements.TASK_FINALIZE);
        Task firstFinal = task(Elements.TASK_FINALIZE);
        complete(firstFinal, Map.of());
        assertThat(pi).isWaitingAt(Elements.TASK_FINALIZE).hasPassed(Elements.CHECK_FINAL_QUALITY)
                .hasNotPassed(Elements.TASK_APPROVE);
        assertThat(task(Elements.TASK_FINALIZE).getId()).isNotEqualTo(firstFinal.getId());
        assertThat(findings(pi)).extracting(f -> f.get("rule"), f -> f.get("section"), f -> f.get("text"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("action-item-vague", "actionItems[0].title",
                        "Improve monitoring"));

        complete(task(Elements.TASK_FINALIZE), Map.of("actionItems", Drafts.json("[{\"title\":\"Alert at 80% pool "
                + "saturation on payments-db\",\"owner\":\"mia\",\"dueDate\":\"" + due + "\",\"priority\":\"HIGH\"}]")));
        assertThat(pi).isWaitingAt(Elements.TASK_APPROVE);
        assertThat(rounds(pi)).extracting(r -> r.get("stage").toString(), r -> r.get("verdict").toString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("DRAFT", "PASSED"),
                        org.assertj.core.groups.Tuple.tuple("FINAL", "SENT_BACK"),
                        org.assertj.core.groups.Tuple.tuple("FINAL", "PASSED"));
    }
}
