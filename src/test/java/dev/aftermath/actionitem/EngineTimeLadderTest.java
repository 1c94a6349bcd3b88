package dev.aftermath.actionitem;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Date;

import jakarta.mail.internet.MimeMessage;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.aftermath.processapi.ActionItemProcess.Elements;

/**
 * One clock (issue 20): when engine time moves, what the ladder tells people moves with it. The item is due in a few
 * days by the wall clock; the engine clock stands 16 days after its due day ended, so the week-1 and week-2 mails must
 * say "16 days", and the ladder's history is stamped with engine time. With a wall-clock read anywhere on that path
 * they would say "0 days".
 */
class EngineTimeLadderTest extends ActionItemTestSupport {

    @AfterEach
    void realTime() {
        ClockUtil.reset();
    }

    @Test
    void days_overdue_and_the_history_follow_the_engine_clock() throws Exception {
        String incidentId = newIncident("INC-AI-CLOCK");
        LocalDate due = LocalDate.now().plusDays(3);
        ProcessInstance pi = startItem(incidentId, due);
        Instant engineNow = Instant.ofEpochMilli(endOfDayMillis(due)).plus(Duration.ofDays(16))
                .plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
        ClockUtil.setCurrentTime(Date.from(engineNow));
        greenMail.purgeEmailFromAllMailboxes();

        climb(pi, Elements.TIMER_REMINDER, Elements.TIMER_DUE, Elements.TIMER_WEEK1);
        MimeMessage techLeads = mailTo("mia", "please follow up");
        assertThat(techLeads.getSubject()).contains("overdue 16 days");
        assertThat(parts(techLeads).html()).contains("overdue by <strong>16 days</strong>");

        climb(pi, Elements.TIMER_WEEK2);
        MimeMessage standup = mailTo("alex", "For standup");
        assertThat(standup.getSubject()).contains("is 16 days overdue");

        ActionItem item = item(pi);
        assertThat(item.escalationLevel()).isEqualTo(2);
        assertThat(item.history()).last().extracting(ActionItem.HistoryEntry::at).isEqualTo(engineNow);
    }
}
