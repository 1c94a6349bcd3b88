package dev.aftermath.slack;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;

import dev.aftermath.actionitem.ActionItem;
import dev.aftermath.actionitem.ActionItemQueries;
import dev.aftermath.actionitem.ActionItemRepository;
import dev.aftermath.actionitem.ExternalChanges;
import dev.aftermath.directory.UserDirectory;
import dev.aftermath.incident.Incident;
import dev.aftermath.incident.IncidentRepository;
import dev.aftermath.postmortem.PostmortemRecord;
import dev.aftermath.postmortem.PostmortemRepository;
import dev.aftermath.postmortem.TimelineContributions;
import dev.aftermath.processapi.ActionItemProcess;
import dev.aftermath.security.CurrentUser;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.template.Formats;
import dev.aftermath.template.Templates;
import dev.aftermath.web.ConflictException;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InvalidInputException;
import dev.aftermath.web.NotFoundException;

/**
 * What people do from Slack, with the rules of the API: the message shortcut {@value #SHORTCUT} adds a message to the
 * timeline of the channel's incident; the reminder buttons {@value #MARK_DONE} and {@value #PROPOSE_DATE} open a
 * modal whose submission completes the item or lands a new due date; {@code /postmortem <incident id>} answers where
 * a post-mortem stands. The Slack user is the directory user with the e-mail address of their Slack profile. Every
 * answer is ephemeral, its text from {@code templates/chat/slack/}.
 */
@Service
public class SlackActions {

    public static final String SHORTCUT = "add_to_postmortem_timeline";
    public static final String MARK_DONE = "actionitem_mark_done";
    public static final String PROPOSE_DATE = "actionitem_propose_date";
    static final String RESOLUTION = ActionItemProcess.Vars.RESOLUTION.name();
    static final String NEW_DUE_DATE = ActionItemProcess.Vars.NEW_DUE_DATE.name();
    static final String RATIONALE = ActionItemProcess.Vars.RATIONALE.name();
    static final String TEMPLATES = "chat/slack/";

    private static final Logger LOG = LoggerFactory.getLogger(SlackActions.class);

    private final SlackActionsWebApi slack;
    private final UserDirectory directory;
    private final IncidentRepository incidents;
    private final IncidentAccess access;
    private final TimelineContributions timeline;
    private final ActionItemQueries items;
    private final ExternalChanges changes;
    private final PostmortemRepository postmortems;
    private final TaskService tasks;
    private final Templates templates;
    private final Formats fmt;
    private final ObjectMapper json;

    public SlackActions(SlackActionsWebApi slack, UserDirectory directory, IncidentRepository incidents, IncidentAccess access,
                        TimelineContributions timeline, ActionItemQueries items, ExternalChanges changes,
                        PostmortemRepository postmortems, @Lazy TaskService tasks, Templates templates, Formats fmt,
                        ObjectMapper json) {
        this.slack = slack;
        this.directory = directory;
        this.incidents = incidents;
        this.access = access;
        this.timeline = timeline;
        this.items = items;
        this.changes = changes;
        this.postmortems = postmortems;
        this.tasks = tasks;
        this.templates = templates;
        this.fmt = fmt;
        this.json = json;
    }

    /** The directory user of a Slack user: {@code users.info} → profile e-mail → the one user with that address. */
    Optional<CurrentUser> user(String slackUserId) {
        if (slackUserId == null || slackUserId.isBlank()) {
            return Optional.empty();
        }
        return slack.email(slackUserId).flatMap(directory::findByEmail)
                .map(u -> new CurrentUser(u.getId(), directory.groupIds(u.getId())));
    }

    // ------------------------------------------------------------------------------------ message shortcut

    /** The shortcut on a message: a timeline contribution by the Slack user; the answer goes to response_url. */
    public void addToTimeline(JsonNode payload) {
        slack.respond(payload.path("response_url").asText(null), timelineAnswer(payload));
    }

    private String timelineAnswer(JsonNode payload) {
        Optional<CurrentUser> user = user(payload.path("user").path("id").asText(null));
        if (user.isEmpty()) {
            return refusal("not-in-directory", Map.of());
        }
        String channel = payload.path("channel").path("id").asText("");
        Optional<Incident> found = incidents.findByChatChannel(channel);
        if (found.isEmpty() || !access.canSee(user.get(), found.get().id())) {
            return refusal("no-incident", Map.of());
        }
        Incident incident = found.get();
        JsonNode message = payload.path("message");
        String ts = message.path("ts").asText("");
        Instant at;
        try {
            BigDecimal seconds = new BigDecimal(ts);
            at = Instant.ofEpochSecond(seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
        } catch (NumberFormatException e) {
            return refusal("invalid", Map.of("incidentId", incident.id(), "errors",
                    List.of(new FieldError("message.ts", "is not a Slack timestamp"))));
        }
        String permalink = slack.permalink(channel, ts);
        ObjectNode entry = json.createObjectNode();
        entry.put("at", at.toString());
        entry.put("event", message.path("text").asText(""));
        entry.put("source", permalink);
        ObjectNode body = json.createObjectNode();
        body.putArray("entries").add(entry);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("incidentId", esc(incident.id()));
        model.put("title", esc(incident.title()));
        try {
            timeline.contributeByApi(user.get(), incident.id(), body);
        } catch (NotFoundException e) {
            return refusal("no-incident", Map.of());
        } catch (TimelineContributions.NotAllowedException e) {
            return refusal("not-participant", model);
        } catch (ConflictException e) {
            return refusal(e.properties().containsKey("status") ? "published" : "not-running", model);
        } catch (InvalidInputException e) {
            model.put("errors", escaped(e.errors()));
            return refusal("invalid", model);
        }
        model.put("at", at);
        model.put("event", esc(entry.path("event").asText()));
        model.put("permalink", permalink);
        model.put("fmt", fmt);
        return templates.text(TEMPLATES + "timeline-added.vm", model).strip();
    }

    // ------------------------------------------------------------------------------------ reminder buttons

    /** A reminder's button: the modal it opens, or an ephemeral refusal (nothing changes). */
    public void button(JsonNode payload) {
        JsonNode action = payload.path("actions").path(0);
        String actionId = action.path("action_id").asText("");
        String itemId = action.path("value").asText("");
        String responseUrl = payload.path("response_url").asText(null);
        Optional<CurrentUser> user = user(payload.path("user").path("id").asText(null));
        if (user.isEmpty()) {
            slack.respond(responseUrl, refusal("not-in-directory", Map.of()));
            return;
        }
        Optional<String> refused = refusal(user.get(), itemId);
        if (refused.isPresent()) {
            slack.respond(responseUrl, refused.get());
            return;
        }
        ActionItem item = items.get(itemId);
        slack.openView(payload.path("trigger_id").asText(), MARK_DONE.equals(actionId) ? markDoneView(item)
                : proposeDateView(item));
    }

    /** Why this user may not act on the item, if so: not found (also when not visible), not allowed, ended. */
    private Optional<String> refusal(CurrentUser user, String itemId) {
        ActionItem item;
        try {
            item = items.get(user, itemId);
        } catch (NotFoundException e) {
            return Optional.of(refusal("item-not-found", Map.of("itemId", esc(itemId))));
        }
        if (!items.mayComplete(user, item)) {
            return Optional.of(refusal("not-allowed", Map.of("itemId", esc(itemId))));
        }
        if (item.state().ended()) {
            return Optional.of(refusal("ended", Map.of("itemId", esc(itemId), "state", item.state().name())));
        }
        return Optional.empty();
    }

    private Map<String, Object> markDoneView(ActionItem item) {
        Map<String, String> text = texts("mark-done-modal.vm", item);
        List<Object> blocks = new ArrayList<>();
        blocks.add(section(text.get("intro")));
        blocks.add(input(RESOLUTION, text.get("resolutionLabel"), Map.of("type", "plain_text_input",
                "action_id", RESOLUTION, "multiline", true, "max_length", 4000)));
        return view(MARK_DONE, item, text, blocks);
    }

    private Map<String, Object> proposeDateView(ActionItem item) {
        Map<String, String> text = texts("propose-date-modal.vm", item);
        List<Object> blocks = new ArrayList<>();
        blocks.add(section(text.get("intro")));
        Map<String, Object> picker = new LinkedHashMap<>();
        picker.put("type", "datepicker");
        picker.put("action_id", NEW_DUE_DATE);
        if (item.dueDate() != null) {
            picker.put("initial_date", item.dueDate().toString());
        }
        blocks.add(input(NEW_DUE_DATE, text.get("dateLabel"), picker));
        blocks.add(input(RATIONALE, text.get("rationaleLabel"), Map.of("type", "plain_text_input",
                "action_id", RATIONALE, "multiline", true, "max_length", 4000)));
        return view(PROPOSE_DATE, item, text, blocks);
    }

    private Map<String, String> texts(String template, ActionItem item) {
        Map<String, Object> model = itemModel(item);
        return templates.textBlocks(TEMPLATES + template, model, "title", "submit", "intro", "resolutionLabel",
                "dateLabel", "rationaleLabel");
    }

    private Map<String, Object> itemModel(ActionItem item) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("itemId", esc(item.id()));
        model.put("itemTitle", esc(item.title()));
        model.put("ownerName", esc(directory.displayName(item.owner())));
        model.put("dueDate", item.dueDate() == null ? null : item.dueDate().toString());
        model.put("fmt", fmt);
        return model;
    }

    private static Map<String, Object> view(String callbackId, ActionItem item, Map<String, String> text,
                                            List<Object> blocks) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("type", "modal");
        view.put("callback_id", callbackId);
        view.put("private_metadata", item.id());
        view.put("title", plain(text.get("title")));
        view.put("submit", plain(text.get("submit")));
        view.put("blocks", blocks);
        return view;
    }

    private static Map<String, Object> plain(String text) {
        return Map.of("type", "plain_text", "text", text);
    }

    private static Map<String, Object> section(String mrkdwn) {
        return Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", mrkdwn));
    }

    private static Map<String, Object> input(String blockId, String label, Map<String, Object> element) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("type", "input");
        input.put("block_id", blockId);
        input.put("label", plain(label));
        input.put("element", element);
        return input;
    }

    // ------------------------------------------------------------------------------------ modal submissions

    /**
     * A modal's submission: null when it is done (the modal closes), else Slack's {@code response_action: errors}
     * with a message per field (block) that is wrong; a refusal lands on the modal's first input.
     */
    public Map<String, Object> submit(JsonNode payload) {
        JsonNode view = payload.path("view");
        String callbackId = view.path("callback_id").asText("");
        String itemId = view.path("private_metadata").asText("");
        String firstField = MARK_DONE.equals(callbackId) ? RESOLUTION : NEW_DUE_DATE;
        Optional<CurrentUser> user = user(payload.path("user").path("id").asText(null));
        if (user.isEmpty()) {
            return errors(Map.of(firstField, refusal("not-in-directory", Map.of())));
        }
        Optional<String> refused = refusal(user.get(), itemId);
        if (refused.isPresent()) {
            return errors(Map.of(firstField, refused.get()));
        }
        JsonNode values = view.path("state").path("values");
        try {
            if (MARK_DONE.equals(callbackId)) {
                changes.completeByTool(itemId, values.path(RESOLUTION).path(RESOLUTION).path("value").asText(null),
                        null, user.get().id());
            } else {
                changes.proposeDueDate(itemId,
                        values.path(NEW_DUE_DATE).path(NEW_DUE_DATE).path("selected_date").asText(null),
                        values.path(RATIONALE).path(RATIONALE).path("value").asText(null), user.get().id());
            }
        } catch (InvalidInputException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (FieldError error : e.errors()) {
                String block = List.of(RESOLUTION, NEW_DUE_DATE, RATIONALE).contains(error.field()) ? error.field()
                        : firstField;
                errors.merge(block, error.message(), (a, b) -> a + "; " + b);
            }
            return errors(errors);
        } catch (ConflictException e) {
            ActionItem item = items.get(itemId);
            return errors(Map.of(firstField, refusal(item.state().ended() ? "ended" : "not-waiting",
                    Map.of("itemId", esc(itemId), "state", item.state().name()))));
        }
        return null;
    }

    private static Map<String, Object> errors(Map<String, String> errors) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("response_action", "errors");
        answer.put("errors", errors);
        return answer;
    }

    // ------------------------------------------------------------------------------------ slash command

    /** {@code /postmortem <incident id>}: where the post-mortem stands, or why not. */
    public String status(String slackUserId, String text) {
        Optional<CurrentUser> user = user(slackUserId);
        if (user.isEmpty()) {
            return refusal("not-in-directory", Map.of());
        }
        String incidentId = text == null ? "" : text.strip();
        if (incidentId.isEmpty() || incidentId.contains(" ")) {
            return refusal("usage", Map.of());
        }
        Optional<Incident> found = access.canSee(user.get(), incidentId) ? incidents.find(incidentId)
                : Optional.empty();
        if (found.isEmpty()) {
            // a restricted incident answers exactly like one that does not exist
            return refusal("not-found", Map.of("incidentId", esc(incidentId)));
        }
        Incident incident = found.get();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("incidentId", esc(incident.id()));
        model.put("title", esc(incident.title()));
        model.put("severity", incident.severity() == null ? "" : incident.severity().name());
        model.put("state", incident.state() == null ? "" : incident.state().name());
        model.put("status", postmortems.find(incident.id()).map(PostmortemRecord::status).map(Enum::name)
                .orElse(""));
        model.put("deadline", incident.publishDeadline());
        List<Map<String, Object>> open = new ArrayList<>();
        if (incident.processInstanceId() != null) {
            openTasks(incident.processInstanceId(), open);
        }
        List<Map<String, Object>> actionItems = new ArrayList<>();
        ActionItemRepository.Page page = items.search(null, null, incident.id(), 0, 200);
        for (ActionItem item : page.items()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", "AI-" + item.number());
            m.put("title", esc(item.title()));
            m.put("ownerName", esc(directory.displayName(item.owner())));
            m.put("state", item.state().name());
            m.put("dueDate", item.dueDate() == null ? "" : item.dueDate().toString());
            actionItems.add(m);
            if (!item.state().ended() && item.processInstanceId() != null) {
                openTasks(item.processInstanceId(), open);
            }
        }
        model.put("tasks", open);
        model.put("items", actionItems);
        model.put("fmt", fmt);
        return templates.text(TEMPLATES + "status.vm", model).strip();
    }

    private void openTasks(String processInstanceId, List<Map<String, Object>> open) {
        for (Task task : tasks.createTaskQuery().processInstanceId(processInstanceId).active().orderByTaskCreateTime()
                .asc().list()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", esc(task.getName()));
            List<String> owners = new ArrayList<>();
            if (task.getAssignee() != null) {
                owners.add(directory.displayName(task.getAssignee()));
            } else {
                for (IdentityLink link : tasks.getIdentityLinksForTask(task.getId())) {
                    if (IdentityLinkType.CANDIDATE.equals(link.getType())) {
                        owners.add(link.getGroupId() != null ? "group " + link.getGroupId()
                                : directory.displayName(link.getUserId()));
                    }
                }
            }
            m.put("owners", esc(String.join(", ", owners)));
            m.put("due", task.getDueDate() == null ? null : task.getDueDate().toInstant());
            open.add(m);
        }
    }

    // ------------------------------------------------------------------------------------ texts

    /** The text of an ephemeral refusal ({@code why}: which one, see the template). */
    String refusal(String why, Map<String, Object> model) {
        Map<String, Object> m = new LinkedHashMap<>(model);
        m.put("why", why);
        return templates.text(TEMPLATES + "refused.vm", m).strip();
    }

    private static List<Map<String, String>> escaped(List<FieldError> errors) {
        List<Map<String, String>> result = new ArrayList<>();
        for (FieldError e : errors) {
            // the contribution's field names as a Slack user knows them: the message's time, text and link
            String field = e.field().replaceFirst("^entries\\[0]\\.at$", "The message's time")
                    .replaceFirst("^entries\\[0]\\.event$", "The message's text")
                    .replaceFirst("^entries\\[0]\\.source$", "The message's permalink");
            result.add(Map.of("field", esc(field), "message", esc(e.message())));
        }
        return result;
    }

    /** Slack's mrkdwn control characters escaped: {@code & < >}. */
    static String esc(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static void logFailure(String what, RuntimeException e) {
        LOG.warn("Slack {} failed: {}", what, e.toString());
    }
}
