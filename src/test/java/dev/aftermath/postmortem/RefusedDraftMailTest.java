package dev.aftermath.postmortem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.aftermath.notification.MailParts;
import dev.aftermath.process.JsonVariables;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.support.Drafts;
import dev.aftermath.support.ProcessTestSupport;

/**
 * Issue 21, item 2: a draft the quality gate sent back is never mailed. The author's draft blames named people and
 * is sent back; the facilitator then schedules the meeting less than 24 h ahead, so the pre-read goes out at once. No
 * mail to anyone but the author (who is shown the findings) holds a sentence of the refused version; the pre-read says
 * the draft is still being written, and once a version passes, it quotes that version.
 */
class RefusedDraftMailTest extends ProcessTestSupport {

    /** Sentences only the refused version holds. */
    private static final List<String> REFUSED = List.of(
            "Checkout failed for 47 minutes after John deployed broken code.",
            "John deployed broken code without running the load test.",
            "Sarah forgot to check the config.");

    @Autowired JsonVariables json;

    private ProcessInstance refusedDraft(String prefix) throws Exception {
        Map<String, Object> payload = incident(newIncidentId(prefix), "SEV1", Duration.ofHours(1));
        payload.put("author", "priya");
        payload.put("facilitator", "carlos");
        ProcessInstance pi = start(payload);
        runAsyncJobs();
        greenMail.purgeEmailFromAllMailboxes();

        Map<String, Object> draft = Drafts.goodDraft();
        draft.put("summary", REFUSED.get(0));
        draft.put("rootCause", REFUSED.get(1));
        draft.put("contributingFactors", Drafts.json("[\"" + REFUSED.get(2) + "\",\"No alert on pool saturation\"]"));
        complete(task(Elements.TASK_WRITE_DRAFT, pi), draft);
        // the gate refused it, for the blame in the sections the pre-read quotes
        assertThat(pi).hasPassed(Elements.CHECK_DRAFT_QUALITY).isWaitingAt(Elements.TASK_WRITE_DRAFT,
                Elements.TASK_SCHEDULE_MEETING);
        assertThat(json.listOfMaps(runtimeService.getVariable(pi.getId(), "qualityFindings")))
                .extracting(f -> f.get("section")).contains("summary", "rootCause", "contributingFactors[0]");
        return pi;
    }

    private void scheduleSoon(ProcessInstance pi) {
        String start = Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES).toString();
        complete(task(Elements.TASK_SCHEDULE_MEETING, pi), withVariables("meetingStart", start, "attendees",
                "mia,alex"));
        runAsyncJobs();
        assertThat(pi).hasPassed(Elements.SEND_DRAFT);
    }

    /** Every mail (text and HTML) delivered to someone other than the author. */
    private List<String> mailsToOthersThanTheAuthor() throws Exception {
        List<String> bodies = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            String[] recipient = m.getHeader("X-Aftermath-Recipient");
            assertThat(recipient).as("outbox copy per recipient").isNotEmpty();
            if (!recipient[0].equals("priya")) {
                MailParts p = MailParts.of(m);
                bodies.add(recipient[0] + " / " + m.getSubject() + "\n" + p.text() + "\n" + p.html());
            }
        }
        return bodies;
    }

    @Test
    void a_meeting_under_24_hours_after_a_refused_draft_mails_no_sentence_of_it() throws Exception {
        ProcessInstance pi = refusedDraft("INC-REFUSED");
        scheduleSoon(pi);

        for (String attendee : List.of("mia", "alex")) {
            MailParts preRead = parts(mailTo(attendee, "Please read the post-mortem draft"));
            assertThat(preRead.text()).contains("The author is still writing the draft")
                    .doesNotContain("SUMMARY", "ROOT CAUSE");
            assertThat(preRead.html()).contains("The author is still writing the draft");
        }
        List<String> mails = mailsToOthersThanTheAuthor();
        assertThat(mails).as("invitations and pre-reads went out").hasSizeGreaterThanOrEqualTo(4);
        for (String sentence : REFUSED) {
            assertThat(mails).noneMatch(m -> m.contains(sentence));
        }
    }

    @Test
    void once_a_version_passes_the_pre_read_quotes_that_version_and_nothing_of_the_refused_one() throws Exception {
        ProcessInstance pi = refusedDraft("INC-PASSED");
        complete(task(Elements.TASK_WRITE_DRAFT, pi), Drafts.goodDraft());
        assertThat(pi).isWaitingAt(Elements.TASK_SCHEDULE_MEETING).hasNotPassed(Elements.SEND_DRAFT);
        scheduleSoon(pi);

        for (String attendee : List.of("mia", "alex")) {
            MailParts preRead = parts(mailTo(attendee, "Please read the post-mortem draft"));
            assertThat(preRead.text()).contains(
                    "Checkout failed for 47 minutes: the payment DB connection pool was exhausted.",
                    "Connection pool sized for old traffic; no alert on pool saturation",
                    "Pool size hard-coded per environment",
                    "This is the latest version that passed the quality check.")
                    .doesNotContain("still writing");
        }
        List<String> mails = mailsToOthersThanTheAuthor();
        for (String sentence : REFUSED) {
            assertThat(mails).noneMatch(m -> m.contains(sentence));
        }
    }
}
