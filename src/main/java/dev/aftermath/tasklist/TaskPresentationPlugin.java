package dev.aftermath.tasklist;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.aftermath.calendar.Deadlines;
import dev.aftermath.incident.Incident;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.process.UserTaskListeners;
import dev.aftermath.template.Formats;

/**
 * Makes every user task of every diagram readable in Tasklist, when it is created: its name carries the incident id
 * and title after its severity ("[SEV1] Write post-mortem draft — INC-2026-001 Checkout payments failing"), its priority follows the severity
 * ({@code aftermath.tasklist.priorities}, SEV1 highest), it has a due date (the diagram's, else
 * {@code aftermath.tasklist.default-due}), and the dates its form shows are written for people in the calendar zone
 * (task-local {@code <name>Text} variables: "Tue 1 Dec 2026, 11:43 UTC").
 */
@Component
public class TaskPresentationPlugin extends AbstractProcessEnginePlugin {

    /** Date variables a form may show; each gets a task-local {@code <name>Text}. */
    static final List<String> DATE_VARIABLES = List.of("meetingDeadline", "publishDeadline", "meetingStart", "dueAt",
            "resolvedAt");
    static final int NAME_LENGTH = 255;

    private final ObjectProvider<IncidentRepository> incidents;
    private final ObjectProvider<Deadlines> deadlines;
    private final Environment environment;
    private final Clock clock;

    public TaskPresentationPlugin(ObjectProvider<IncidentRepository> incidents, ObjectProvider<Deadlines> deadlines,
                                  Environment environment, Clock clock) {
        this.clock = clock;
        this.incidents = incidents;
        this.deadlines = deadlines;
        this.environment = environment;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        UserTaskListeners.onCreate(configuration, userTask -> true, this::present);
    }

    void present(DelegateTask task) {
        String businessKey = task.getExecution() == null ? null : task.getExecution().getProcessBusinessKey();
        Object incidentVar = task.getVariable("incidentId");
        String incidentId = incidentVar instanceof String s && !s.isBlank() ? s : businessKey;
        Incident incident = incidentId == null ? null : incidents.getObject().find(incidentId).orElse(null);
        // the incident's own title and severity (an action item's "title" variable is the item's title)
        Object titleVar = task.getVariable("title");
        String title = incident != null && incident.title() != null ? incident.title()
                : titleVar instanceof String s && !s.isBlank() ? s : null;
        Object severityVar = task.getVariable("severity");
        String severity = incident != null && incident.severity() != null ? incident.severity().name()
                : severityVar == null ? null : severityVar.toString();

        task.setName(name(task.getName(), severity, businessKey != null ? businessKey : incidentId, title));
        if (severity != null) {
            task.setPriority(environment.getProperty("aftermath.tasklist.priorities." + severity, Integer.class,
                    task.getPriority()));
        }
        if (task.getDueDate() == null) {
            Duration due = Duration.parse(environment.getRequiredProperty("aftermath.tasklist.default-due"));
            task.setDueDate(Date.from(clock.instant().plus(due)));
        }
        Deadlines d = deadlines.getObject();
        Formats fmt = new Formats(d.zone(), id -> id);
        Map<String, Object> vars = task.getVariables();
        for (String name : DATE_VARIABLES) {
            Object value = vars.get(name);
            if (value != null && !value.toString().isBlank()) {
                task.setVariableLocal(name + "Text", fmt.time(value));
            }
        }
        task.setVariableLocal("dueDateText", fmt.time(task.getDueDate()));
        // an action item's due date, a day: "Tue 22 Dec 2026" in its tasks' forms
        Object itemDue = vars.get("dueDate");
        if (itemDue != null && !itemDue.toString().isBlank()) {
            task.setVariableLocal("dueDayText", fmt.day(itemDue));
        }
    }

    /**
     * "[SEV1] Write post-mortem draft — INC-2026-001 Checkout payments failing", at most 255 characters: the severity
     * first, so that it shows in a task list cut short and a SEV1 stands out among 30 tasks.
     */
    static String name(String base, String severity, String key, String title) {
        if (key == null || base == null || base.contains(" — ")) {
            return base;
        }
        String name = (severity == null || severity.isBlank() ? "" : "[" + severity.strip() + "] ") + base + " — "
                + key + (title == null || title.isBlank() ? "" : " " + title.strip());
        return name.length() <= NAME_LENGTH ? name : name.substring(0, NAME_LENGTH - 1) + "…";
    }
}
