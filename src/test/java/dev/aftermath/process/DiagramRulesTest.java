package dev.aftermath.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BusinessRuleTask;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.xml.instance.DomElement;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/**
 * House rules for every diagram in {@code processes/}: checked on the files as modelled, with the real application
 * context for the beans that {@code ${bean}} delegate expressions name. A second test breaks a copy of the lifecycle
 * diagram in every way the rules know, so a rule that stops finding anything fails too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DiagramRulesTest {

    static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";
    static final Path PROCESSES = Path.of("processes");
    /** {@code ${name}} or {@code ${name.anything}}: the name a delegate expression resolves first. */
    static final Pattern EXPRESSION_ROOT = Pattern.compile("^[$#]\\{\\s*([A-Za-z_][A-Za-z0-9_]*)");

    @Autowired ApplicationContext context;

    private Set<String> formIds;
    private Set<String> decisionIds;

    @BeforeEach
    void readFormsAndDecisions() throws IOException {
        ObjectMapper json = new ObjectMapper();
        formIds = new HashSet<>();
        for (Path form : files("glob:**/forms/*.form")) {
            JsonNode id = json.readTree(form.toFile()).get("id");
            assertThat(id).as("top-level \"id\" of " + form).isNotNull();
            assertThat(formIds.add(id.asText())).as("form id '" + id.asText() + "' used twice (" + form + ")").isTrue();
        }
        decisionIds = new HashSet<>();
        for (Path dmn : files("glob:**/*.dmn")) {
            Dmn.readModelFromFile(dmn.toFile()).getModelElementsByType(Decision.class)
                    .forEach(d -> decisionIds.add(d.getId()));
        }
    }

    @Test
    void every_diagram_keeps_the_rules() throws IOException {
        List<Path> diagrams = files("glob:**/*.bpmn");
        assertThat(diagrams).as("diagrams under " + PROCESSES.toAbsolutePath()).isNotEmpty();
        assertThat(formIds).isNotEmpty();
        List<String> violations = new ArrayList<>();
        for (Path diagram : diagrams) {
            violations.addAll(violations(diagram.toString(), Bpmn.readModelFromFile(diagram.toFile()), formIds,
                    decisionIds, context::containsBean));
        }
        assertThat(violations).as("rule violations in " + diagrams).isEmpty();
    }

    @Test
    void the_rules_find_each_kind_of_violation() {
        BpmnModelInstance model = Bpmn.readModelFromFile(PROCESSES.resolve("postmortem.bpmn").toFile());
        assertThat(violations("intact", model, formIds, decisionIds, context::containsBean)).isEmpty();

        UserTask hold = model.getModelElementById("Task_HoldMeeting");
        hold.removeAttributeNs(CAMUNDA_NS, "formRef");
        hold.removeAttributeNs(CAMUNDA_NS, "formRefBinding");
        UserTask approve = model.getModelElementById("Task_ApprovePublication");
        approve.removeAttributeNs(CAMUNDA_NS, "candidateGroups");
        approve.removeAttributeNs(CAMUNDA_NS, "candidateUsers");
        UserTask decide = model.getModelElementById("Task_DecideNeed");
        decide.setAttributeValueNs(CAMUNDA_NS, "formRef", "no-such-form");
        model.getModelElementsByType(BpmnShape.class).stream()
                .filter(s -> s.getBpmnElement() != null && s.getBpmnElement().getId().equals("Send_PublishWarning"))
                .findFirst().ifPresent(s -> s.getParentElement().removeChildElement(s));
        model.getModelElementsByType(Process.class).iterator().next().removeAttributeNs(CAMUNDA_NS,
                "historyTimeToLive");
        ModelElementInstance recordPolicy = model.getModelElementById("Record_Policy");
        recordPolicy.setAttributeValueNs(CAMUNDA_NS, "delegateExpression", "${noSuchBean}");
        TimerEventDefinition meetingTimer = ((FlowElement) model.getModelElementById("Timer_MeetingStart"))
                .getChildElementsByType(TimerEventDefinition.class).iterator().next();
        meetingTimer.getTimeDate().setTextContent("tomorrow at noon");
        BusinessRuleTask decision = model.getModelElementsByType(BusinessRuleTask.class).iterator().next();
        decision.setAttributeValueNs(CAMUNDA_NS, "decisionRef", "no-such-decision");

        List<String> violations = violations("broken", model, formIds, decisionIds, context::containsBean);

        assertThat(violations).as(String.join("\n", violations)).hasSize(8)
                .anyMatch(v -> v.contains("Task_HoldMeeting") && v.contains("no form"))
                .anyMatch(v -> v.contains("Task_ApprovePublication") && v.contains("no assignee"))
                .anyMatch(v -> v.contains("Task_DecideNeed") && v.contains("no-such-form"))
                .anyMatch(v -> v.contains("Send_PublishWarning") && v.contains("BPMNShape"))
                .anyMatch(v -> v.contains("historyTimeToLive"))
                .anyMatch(v -> v.contains("noSuchBean"))
                .anyMatch(v -> v.contains("Timer_MeetingStart") && v.contains("tomorrow at noon"))
                .anyMatch(v -> v.contains("no-such-decision"));
    }

    // ---------------------------------------------------------------- the rules

    static List<String> violations(String file, BpmnModelInstance model, Set<String> formIds, Set<String> decisionIds,
                                   Predicate<String> beanExists) {
        List<String> v = new ArrayList<>();

        for (Process process : model.getModelElementsByType(Process.class)) {
            if (blank(process.getAttributeValueNs(CAMUNDA_NS, "historyTimeToLive"))) {
                v.add(file + ": process " + process.getId() + " has no camunda:historyTimeToLive");
            }
        }

        for (UserTask task : model.getModelElementsByType(UserTask.class)) {
            String formRef = task.getAttributeValueNs(CAMUNDA_NS, "formRef");
            String formKey = task.getAttributeValueNs(CAMUNDA_NS, "formKey");
            if (blank(formRef) && blank(formKey)) {
                v.add(file + ": user task " + task.getId() + " has no form (camunda:formRef or camunda:formKey)");
            }
            if (blank(task.getAttributeValueNs(CAMUNDA_NS, "assignee"))
                    && blank(task.getAttributeValueNs(CAMUNDA_NS, "candidateGroups"))
                    && blank(task.getAttributeValueNs(CAMUNDA_NS, "candidateUsers"))) {
                v.add(file + ": user task " + task.getId() + " has no assignee, candidateGroups or candidateUsers");
            }
        }

        List<ModelElementInstance> withForms = new ArrayList<>(model.getModelElementsByType(UserTask.class));
        withForms.addAll(model.getModelElementsByType(StartEvent.class));
        for (ModelElementInstance element : withForms) {
            String formRef = element.getAttributeValueNs(CAMUNDA_NS, "formRef");
            if (!blank(formRef) && !formRef.contains("${") && !formIds.contains(formRef)) {
                v.add(file + ": " + element.getAttributeValue("id") + " has camunda:formRef '" + formRef
                        + "', but no processes/forms/*.form has that id " + formIds);
            }
        }

        Set<String> shaped = model.getModelElementsByType(BpmnShape.class).stream()
                .filter(s -> s.getBpmnElement() != null).map(s -> s.getBpmnElement().getId())
                .collect(Collectors.toSet());
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            if (!shaped.contains(node.getId())) {
                v.add(file + ": " + node.getElementType().getTypeName() + " " + node.getId() + " has no BPMNShape");
            }
        }

        for (BusinessRuleTask task : model.getModelElementsByType(BusinessRuleTask.class)) {
            String ref = task.getAttributeValueNs(CAMUNDA_NS, "decisionRef");
            if (!blank(ref) && !ref.contains("${") && !decisionIds.contains(ref)) {
                v.add(file + ": " + task.getId() + " has camunda:decisionRef '" + ref
                        + "', but no processes/*.dmn has that decision " + decisionIds);
            }
        }

        delegateExpressions(model.getDocument().getRootElement(), file, beanExists, v);

        for (TimerEventDefinition timer : model.getModelElementsByType(TimerEventDefinition.class)) {
            String owner = ((ModelElementInstance) timer.getParentElement()).getAttributeValue("id");
            checkTimer(file, owner, "timeDate", timer.getTimeDate() == null ? null : timer.getTimeDate().getTextContent(), v);
            checkTimer(file, owner, "timeDuration",
                    timer.getTimeDuration() == null ? null : timer.getTimeDuration().getTextContent(), v);
            checkTimer(file, owner, "timeCycle",
                    timer.getTimeCycle() == null ? null : timer.getTimeCycle().getTextContent(), v);
            if (timer.getTimeDate() == null && timer.getTimeDuration() == null && timer.getTimeCycle() == null) {
                v.add(file + ": timer of " + owner + " has no timeDate, timeDuration or timeCycle");
            }
        }
        return v;
    }

    /** camunda:delegateExpression on tasks, and delegateExpression on camunda:taskListener/executionListener. */
    private static void delegateExpressions(DomElement element, String file, Predicate<String> beanExists,
                                            List<String> v) {
        String expression = element.hasAttribute(CAMUNDA_NS, "delegateExpression")
                ? element.getAttribute(CAMUNDA_NS, "delegateExpression")
                : CAMUNDA_NS.equals(element.getNamespaceURI()) && element.hasAttribute("delegateExpression")
                ? element.getAttribute("delegateExpression") : null;
        if (expression != null) {
            Matcher m = EXPRESSION_ROOT.matcher(expression.trim());
            String where = element.getLocalName() + " " + ancestorId(element);
            if (!m.find()) {
                v.add(file + ": " + where + " has delegateExpression '" + expression + "', not ${bean}");
            } else if (!beanExists.test(m.group(1))) {
                v.add(file + ": " + where + " has delegateExpression '" + expression + "', but no Spring bean '"
                        + m.group(1) + "' exists");
            }
        }
        for (DomElement child : element.getChildElements()) {
            delegateExpressions(child, file, beanExists, v);
        }
    }

    private static String ancestorId(DomElement element) {
        for (DomElement e = element; e != null; e = e.getParentElement()) {
            if (e.hasAttribute("id")) {
                return e.getAttribute("id");
            }
        }
        return "?";
    }

    /** An expression, or an ISO 8601 literal: date-time, duration, or repeating interval. */
    private static void checkTimer(String file, String owner, String kind, String value, List<String> v) {
        if (value == null) {
            return;
        }
        String text = value.trim();
        boolean ok = text.matches("^[$#]\\{.+}$") || switch (kind) {
            case "timeDate" -> isDateTime(text);
            case "timeDuration" -> isDuration(text);
            default -> isCycle(text) || org.springframework.scheduling.support.CronExpression.isValidExpression(text);
        };
        if (!ok) {
            v.add(file + ": timer of " + owner + " has " + kind + " '" + text
                    + "', neither an expression nor an ISO 8601 " + kind);
        }
    }

    private static boolean isDateTime(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            try {
                java.time.LocalDateTime.parse(text);
                return true;
            } catch (DateTimeParseException e2) {
                return false;
            }
        }
    }

    private static boolean isDuration(String text) {
        try {
            DatatypeFactory.newInstance().newDuration(text);
            return true;
        } catch (IllegalArgumentException | DatatypeConfigurationException e) {
            return false;
        }
    }

    /** {@code R[n]/<start>/<duration>}, {@code R[n]/<duration>}, {@code R[n]/<duration>/<end>}. */
    private static boolean isCycle(String text) {
        String[] parts = text.split("/");
        if (parts.length < 2 || parts.length > 3 || !parts[0].matches("R\\d*")) {
            return false;
        }
        int durations = 0;
        for (int i = 1; i < parts.length; i++) {
            if (isDuration(parts[i])) {
                durations++;
            } else if (!isDateTime(parts[i])) {
                return false;
            }
        }
        return durations == 1;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static List<Path> files(String glob) throws IOException {
        var matcher = PROCESSES.getFileSystem().getPathMatcher(glob);
        try (Stream<Path> paths = Files.walk(PROCESSES)) {
            return paths.filter(Files::isRegularFile).filter(matcher::matches).sorted().toList();
        }
    }
}
