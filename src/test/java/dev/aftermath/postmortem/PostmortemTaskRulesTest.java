package dev.aftermath.postmortem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import dev.aftermath.calendar.BusinessCalendar;
import dev.aftermath.calendar.Deadlines;
import dev.aftermath.directory.UserDirectory;
import dev.aftermath.process.JsonVariables;
import dev.aftermath.processapi.PostmortemProcess.Elements;
import dev.aftermath.processapi.PostmortemProcess.Vars;
import dev.aftermath.web.FieldError;

/** The post-mortem form rules over plain values: no engine, no Spring. */
class PostmortemTaskRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final Set<String> USERS = Set.of("mia", "alex", "sam");

    private final PostmortemTaskRules rules = rules();

    private static PostmortemTaskRules rules() {
        UserDirectory directory = mock(UserDirectory.class);
        when(directory.exists(anyString())).thenAnswer(i -> USERS.contains(i.<String>getArgument(0)));
        when(directory.isGroup(anyString())).thenAnswer(i -> i.<String>getArgument(0).startsWith("team-"));
        JsonVariables json = new JsonVariables(new ObjectMapper());
        return new PostmortemTaskRules(directory, json, new PostmortemDocuments(json, directory),
                new Deadlines(new BusinessCalendar("UTC", List.of()), Clock.fixed(NOW, ZoneOffset.UTC)),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static List<String> fields(PostmortemTaskRules.Checked checked) {
        return checked.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void roles_are_normalised_when_every_user_is_known() {
        Map<String, Object> form = new HashMap<>(Map.of(Vars.AUTHOR.name(), " mia ", Vars.FACILITATOR.name(), "alex",
                Vars.REVIEWERS.name(), "sam, sam"));
        PostmortemTaskRules.Checked checked = rules.check(Elements.TASK_ASSIGN_ROLES, form, "mia");
        assertThat(checked.accepted()).isTrue();
        assertThat(checked.values()).containsEntry(Vars.AUTHOR.name(), "mia").containsEntry(Vars.REVIEWERS.name(), "sam")
                .containsEntry(Vars.ROLES_ASSIGNED.name(), true);
    }

    @Test
    void unknown_users_are_named_and_nothing_is_stored() {
        PostmortemTaskRules.Checked checked = rules.check(Elements.TASK_ASSIGN_ROLES,
                Map.of(Vars.AUTHOR.name(), "nobody-known", Vars.REVIEWERS.name(), "ghost"), "mia");
        assertThat(fields(checked)).containsExactly(Vars.AUTHOR.name(), Vars.FACILITATOR.name(), Vars.REVIEWERS.name());
        assertThat(checked.values()).isEmpty();
    }

    @Test
    void the_timeline_form_judges_a_time_as_the_gate_does() {
        String timeline = "[{\"at\":\" 2026-11-20T08:00:00Z \",\"event\":\"Alert\"},"
                + "{\"at\":\"2026-11-20T09:00:00+01:00\",\"event\":\"Paged\"},{\"at\":\"yesterday\",\"event\":\"x\"}]";
        PostmortemTaskRules.Checked checked = rules.check(Elements.TASK_WRITE_DRAFT,
                Map.of(Vars.TIMELINE.name(), timeline), "mia");
        assertThat(fields(checked)).containsExactly("timeline[2].at");
    }

    @Test
    void a_meeting_in_the_past_or_after_the_open_window_is_refused() {
        Date deadline = Date.from(NOW.plusSeconds(86_400));
        assertThat(fields(rules.check(Elements.TASK_SCHEDULE_MEETING, Map.of(Vars.MEETING_START.name(),
                "2026-11-19T10:00:00Z", Vars.ATTENDEES.name(), "mia", Vars.MEETING_DEADLINE.name(), deadline), "mia")))
                .containsExactly(Vars.MEETING_START.name());
        assertThat(fields(rules.check(Elements.TASK_SCHEDULE_MEETING, Map.of(Vars.MEETING_START.name(),
                "2026-11-23T10:00:00Z", Vars.ATTENDEES.name(), "mia", Vars.MEETING_DEADLINE.name(), deadline), "mia")))
                .containsExactly(Vars.MEETING_START.name());
        PostmortemTaskRules.Checked ok = rules.check(Elements.TASK_SCHEDULE_MEETING, Map.of(Vars.MEETING_START.name(),
                "2026-11-20T15:00:00+01:00", Vars.ATTENDEES.name(), "mia,alex", Vars.MEETING_DEADLINE.name(), deadline),
                "mia");
        assertThat(ok.values()).containsEntry(Vars.MEETING_START.name(), "2026-11-20T14:00:00Z")
                .containsEntry(Vars.MEETING_DURATION_MINUTES.name(), 60L)
                .containsEntry(Vars.ATTENDEES.name(), "mia,alex");
    }

    @Test
    void after_a_closed_window_a_late_meeting_needs_a_reason() {
        Date closed = Date.from(NOW.minusSeconds(3600));
        Map<String, Object> form = new HashMap<>(Map.of(Vars.MEETING_START.name(), "2026-11-21T10:00:00Z",
                Vars.ATTENDEES.name(), "mia", Vars.MEETING_DEADLINE.name(), closed));
        assertThat(fields(rules.check(Elements.TASK_SCHEDULE_MEETING, form, "mia")))
                .containsExactly(Vars.LATE_REASON.name());
        form.put(Vars.LATE_REASON.name(), "the commander was away");
        assertThat(rules.check(Elements.TASK_SCHEDULE_MEETING, form, "mia").accepted()).isTrue();
    }

    @Test
    void action_items_need_one_known_owner_and_a_future_due_date() {
        String items = "[{\"title\":\"Add alert\",\"owner\":\"team-db\",\"dueDate\":\"2026-11-19\",\"priority\":\"x\"},"
                + "{\"title\":\"Fix pool\",\"owner\":\"mia\",\"dueDate\":\"2026-12-01\",\"priority\":\"high\"}]";
        PostmortemTaskRules.Checked checked = rules.check(Elements.TASK_HOLD_MEETING, Map.of(
                Vars.ROOT_CAUSE.name(), "pool", Vars.CAUSE_CATEGORY.name(), "CAPACITY", Vars.ACTION_ITEMS.name(), items),
                "mia");
        assertThat(fields(checked)).containsExactly("actionItems[0].owner", "actionItems[0].dueDate",
                "actionItems[0].priority");
    }

    @Test
    void the_author_never_approves_their_own_postmortem() {
        Map<String, Object> form = Map.of(Vars.AUTHOR.name(), "mia", Vars.APPROVED.name(), true);
        assertThat(fields(rules.check(Elements.TASK_APPROVE, form, "mia"))).containsExactly(Vars.APPROVED.name());
        assertThat(rules.check(Elements.TASK_APPROVE, form, "alex").values()).containsEntry(Vars.APPROVED.name(), true);
        assertThat(rules.checkApprover("mia", "mia")).extracting(FieldError::field).containsExactly("assignee");
        assertThat(rules.checkApprover("mia", "alex")).isEmpty();
    }

    @Test
    void a_rejection_counts_a_review_round_and_needs_comments() {
        Map<String, Object> form = new HashMap<>(Map.of(Vars.AUTHOR.name(), "mia", Vars.APPROVED.name(), "false",
                Vars.REVIEW_ROUNDS.name(), 1));
        assertThat(fields(rules.check(Elements.TASK_APPROVE, form, "alex"))).containsExactly(Vars.REVIEW_COMMENTS.name());
        form.put(Vars.REVIEW_COMMENTS.name(), "Say why the pool ran dry");
        assertThat(rules.check(Elements.TASK_APPROVE, form, "alex").values())
                .containsEntry(Vars.APPROVED.name(), false).containsEntry(Vars.REVIEW_ROUNDS.name(), 2);
    }
}
