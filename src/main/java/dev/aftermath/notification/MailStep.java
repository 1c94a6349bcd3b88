package dev.aftermath.notification;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.identity.User;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.aftermath.document.PostmortemDocument;
import dev.aftermath.document.PostmortemDocument.Meeting;
import dev.aftermath.directory.UserDirectory;
import dev.aftermath.template.Templates;
import dev.aftermath.template.Templates.MailContent;

/**
 * {@code ${sendMail}}: the send tasks of the diagrams. Input parameters, written in the diagram: {@code mailTemplate}
 * (a template under {@code templates/mail/}), {@code mailTo} (user ids and {@code group:<id>}, comma-separated) and
 * optionally {@code mailCalendar} (a template under {@code templates/calendar/} attached as an .ics invitation).
 * The send tasks are asynchronous with a retry cycle: a failure to render or address the mail is retried and then
 * becomes a Cockpit incident. The mail itself is recorded in the outbox ({@link Mailer}) and delivered after the commit.
 */
@Component("sendMail")
public class MailStep implements JavaDelegate {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MailStep.class);

    public static final String TEMPLATE = "mailTemplate";
    public static final String TO = "mailTo";
    public static final String CALENDAR = "mailCalendar";
    /** REQUEST (default: an invitation or its update) or CANCEL. */
    public static final String CALENDAR_METHOD = "mailCalendarMethod";
    /** Process variable: the invitation's SEQUENCE (0 at first, + 1 per change of the event). */
    public static final String CALENDAR_SEQUENCE = "meetingSequence";
    /** Process variable: counts cancellations; a meeting scheduled again after a cancel gets a new UID. */
    public static final String CALENDAR_ROUND = "meetingRound";
    /**
     * Optional input: a fingerprint of what the mail carries (e.g. the draft). When the step already sent this mail
     * with the same fingerprint in this process instance, it is not sent again.
     */
    public static final String ONCE_FOR = "mailOnceFor";

    private final Templates templates;
    private final MailModelSource models;
    private final UserDirectory directory;
    private final Mailer mailer;
    private final String from;
    private final Clock clock;
    @org.springframework.beans.factory.annotation.Autowired private dev.aftermath.chat.ChatNotifier chat; // issue 25

    public MailStep(Templates templates, MailModelSource models, UserDirectory directory, Mailer mailer,
                    @Value("${aftermath.mail.from}") String from, Clock clock) {
        this.clock = clock;
        this.templates = templates;
        this.models = models;
        this.directory = directory;
        this.mailer = mailer;
        this.from = from;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String template = required(execution, TEMPLATE);
        Object onceFor = execution.getVariableLocal(ONCE_FOR);
        String sentMarker = "mailSent_" + execution.getCurrentActivityId();
        if (onceFor != null && onceFor.toString().equals(execution.getVariable(sentMarker))) {
            LOG.info("Mail '{}' of {} was already sent with this content ({}); not sent again", template,
                    execution.getCurrentActivityId(), onceFor);
            return;
        }
        Object to = execution.getVariableLocal(TO);
        UserDirectory.Recipients recipients = directory.resolve(to == null ? List.of() : List.of(to.toString()));
        if (recipients.users().isEmpty()) {
            throw new IllegalStateException("Mail '" + template + "' of " + execution.getCurrentActivityId()
                    + " has no recipient (mailTo = '" + to + "', unknown: " + recipients.unknown() + ")");
        }
        Map<String, Object> model = models.build(execution.getProcessBusinessKey(), execution.getVariables());
        model.put("recipients", recipients.users().stream().map(User::getId).toList());
        MailContent content = templates.mail(template, model);
        List<Mailer.Attachment> attachments = new ArrayList<>();
        Object calendar = execution.getVariableLocal(CALENDAR);
        if (calendar != null && !calendar.toString().isBlank()) {
            attachments.add(invitation(calendar.toString(), execution, model, recipients.users()));
        }
        // one intent per execution of this step: a retry after a rollback records again, a committed step never does
        mailer.send("step/" + execution.getProcessInstanceId() + "/" + execution.getActivityInstanceId(),
                execution.getProcessBusinessKey(), recipients.users(), content, attachments);
        chat.record("step/" + execution.getProcessInstanceId() + "/" + execution.getActivityInstanceId(), template, execution.getProcessBusinessKey(), List.of(String.valueOf(to)), model);
        if (onceFor != null) {
            execution.getProcessInstance().setVariable(sentMarker, onceFor.toString());
        }
    }

    private Mailer.Attachment invitation(String name, DelegateExecution execution, Map<String, Object> model,
                                         List<User> attendees) {
        Object methodInput = execution.getVariableLocal(CALENDAR_METHOD);
        String method = methodInput == null || methodInput.toString().isBlank() ? CalendarInvitation.REQUEST
                : methodInput.toString().trim().toUpperCase();
        Object sequenceValue = execution.getVariable(CALENDAR_SEQUENCE);
        int sequence = sequenceValue instanceof Number n ? n.intValue() : 0;
        Object round = execution.getVariable(CALENDAR_ROUND);
        String uid = execution.getProcessInstanceId() + "-" + name
                + (round instanceof Number r && r.intValue() > 0 ? "-" + r.intValue() : "") + "@aftermath";
        Map<String, Object> texts = new LinkedHashMap<>(model);
        texts.put("method", method);
        texts.put("sequence", sequence);
        Map<String, String> blocks = templates.textBlocks("calendar/" + name + ".vm", texts, "summary", "description",
                "alarm");
        PostmortemDocument doc = (PostmortemDocument) model.get("doc");
        Meeting meeting = doc == null ? null : doc.meeting();
        if (meeting == null || meeting.start() == null) {
            throw new IllegalStateException(execution.getCurrentActivityId() + ": no meeting start for the invitation");
        }
        Instant start = Instant.parse(meeting.start());
        Instant end = meeting.end() == null ? start.plusSeconds(3600) : Instant.parse(meeting.end());
        List<CalendarInvitation.Person> people = new ArrayList<>();
        for (User u : attendees) {
            if (u.getEmail() != null && !u.getEmail().isBlank()) {
                people.add(new CalendarInvitation.Person(displayName(u), u.getEmail()));
            }
        }
        Object facilitator = doc.facilitatorName();
        @SuppressWarnings("unchecked")
        Map<String, Object> links = (Map<String, Object>) model.getOrDefault("links", Map.of());
        Object location = meeting.location();
        CalendarInvitation invitation = new CalendarInvitation(method, uid, sequence, start, end, blocks.get("summary"),
                blocks.get("description"), location == null ? null : location.toString(),
                links.get("documentHtml") == null ? null : links.get("documentHtml").toString(),
                new CalendarInvitation.Person(facilitator == null ? "Aftermath" : facilitator.toString(), from), people,
                blocks.get("alarm"));
        return new Mailer.Attachment(CalendarInvitation.CANCEL.equals(method) ? "cancel.ics" : "invite.ics",
                invitation.contentType(), invitation.write(clock.instant()).getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link UserDirectory#displayName}, from the profile already resolved (no second look-up). */
    private static String displayName(User u) {
        String name = ((u.getFirstName() == null ? "" : u.getFirstName()) + " "
                + (u.getLastName() == null ? "" : u.getLastName())).trim();
        return name.isEmpty() ? u.getId() : name;
    }

    private static String required(DelegateExecution execution, String name) {
        Object value = execution.getVariableLocal(name);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalStateException(execution.getCurrentActivityId() + " has no input parameter " + name);
        }
        return value.toString();
    }
}
