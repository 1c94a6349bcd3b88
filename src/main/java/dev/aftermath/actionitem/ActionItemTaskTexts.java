package dev.aftermath.actionitem;

import java.util.List;

import org.springframework.stereotype.Service;

import dev.aftermath.directory.UserDirectory;
import dev.aftermath.incident.Incident;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.web.InputLimits;

/** The action items shown in post-mortem tasks, as Markdown lines. */
@Service
public class ActionItemTaskTexts {

    private final ActionItemRepository items;
    private final IncidentRepository incidents;
    private final UserDirectory directory;

    public ActionItemTaskTexts(ActionItemRepository items, IncidentRepository incidents, UserDirectory directory) {
        this.items = items;
        this.incidents = incidents;
        this.directory = directory;
    }

    /**
     * The still open items of earlier post-mortems of the same service; {@code service} null: the incident's.
     */
    public String openItemsOfService(String service, String incidentId) {
        if (service == null && incidentId != null) {
            service = incidents.find(incidentId).map(Incident::service).orElse(null);
        }
        if (service == null || service.isBlank()) {
            return "No service named on this incident.";
        }
        List<ActionItem> open = items.openOfService(service, incidentId == null ? "" : incidentId);
        if (open.isEmpty()) {
            return "No open action items of earlier post-mortems of " + service + ".";
        }
        return InputLimits.cappedLines(null, open.stream().map(this::line).toList(), open.size());
    }

    /** Every item of one post-mortem with state and escalation level. */
    public String overview(String incidentId) {
        List<ActionItem> all = items.ofIncident(incidentId);
        if (all.isEmpty()) {
            return "This post-mortem has no action items.";
        }
        return InputLimits.cappedLines(null, all.stream().map(this::line).toList(), all.size(),
                InputLimits.ACTION_ITEMS);
    }

    private String line(ActionItem a) {
        return "- **" + a.id() + "** " + a.title() + " — owner " + directory.displayName(a.owner()) + ", due "
                + a.dueDate() + ", " + a.state() + ", escalation level " + a.escalationLevel()
                + (a.ticket() == null ? "" : ", ticket " + a.ticket());
    }
}
