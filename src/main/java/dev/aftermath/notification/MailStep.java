package dev.aftermath.notification;

import java.nio.charset.StandardCharsets;
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

import dev.aftermath.directory.UserDirectory;
import dev.aftermath.template.Templates;
import dev.aftermath.template.Templates.MailContent;

/**
 * {@code ${sendMail}}: the send tasks of the diagrams. Input parameters, written in the diagram: {@code mailTemplate}
 * (a template under {@code templates/mail/}), {@code mailTo} (user ids and {@code group:<id>}, comma-separated) and
 * optionally {@code mailCalendar} (a template under {@code templates/calendar/} attached as an .ics invitation).
 * The send tasks are asynchronous with a retry cycle: a failure here is retried and then becomes a Cockpit incident.
 */
@Component("sendMail")
public class MailStep implements JavaDelegate {

    public static final String TEMPLATE = "mailTemplate";
    public static final String TO = "mailTo";
    public static final String CALENDAR = "mailCalendar";

    private final Templates templates;
    private final MailModels models;
    private final UserDirectory directory;
    private final Mailer mailer;
    private final String from;

    public MailStep(Templates templates, MailModels models, UserDirectory directory, Mailer mailer,
                    @Value("${aftermath.mail.from}") String from) {
        this.templates = templates;
        this.models = models;
        this.directory = directory;
        this.mailer = mailer;
        this.from = from;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String template = required(execution, TEMPLATE);
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
        mailer.send(recipients.users(), content, attachments);
    }

    private Mailer.Attachment invitation(String name, DelegateExecution execution, Map<String, Object> model,
                                         List<User> attendees) {
        Map<String, Object> ics = new LinkedHashMap<>(model);
        ics.put("uid", execution.getProcessInstanceId() + "-" + name + "@aftermath");
        ics.put("now", Instant.now().toString());
        ics.put("organizerEmail", from);
        List<Map<String, Object>> emails = new ArrayList<>();
        for (User u : attendees) {
            if (u.getEmail() != null) {
                emails.add(Map.of("name", directory.displayName(u.getId()), "email", u.getEmail()));
            }
        }
        ics.put("attendeeEmails", emails);
        String text = Ics.fold(templates.text("calendar/" + name + ".ics.vm", ics));
        return new Mailer.Attachment("invite.ics", "text/calendar; charset=UTF-8; method=REQUEST",
                text.getBytes(StandardCharsets.UTF_8));
    }

    private static String required(DelegateExecution execution, String name) {
        Object value = execution.getVariableLocal(name);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalStateException(execution.getCurrentActivityId() + " has no input parameter " + name);
        }
        return value.toString();
    }
}
