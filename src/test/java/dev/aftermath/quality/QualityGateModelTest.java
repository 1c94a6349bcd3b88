package dev.aftermath.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.aftermath.processapi.PostmortemProcess.Elements;

/** The gate is wired into postmortem.bpmn (with diagram shapes) and the forms show the findings. */
class QualityGateModelTest {

    private final BpmnModelInstance model = Bpmn.readModelFromFile(new File("processes/postmortem.bpmn"));

    @Test
    void each_document_task_is_followed_by_its_gate_which_loops_back_to_the_task() {
        assertGate(Elements.TASK_WRITE_DRAFT, Elements.CHECK_DRAFT_QUALITY, "${checkDraftQuality}", "Join_Meeting");
        // passed: on to approval (through the merge with the lightweight path)
        assertGate(Elements.TASK_FINALIZE, Elements.CHECK_FINAL_QUALITY, "${checkFinalQuality}", "Join_Approve");
    }

    private void assertGate(String taskId, String checkId, String delegate, String passedTarget) {
        FlowNode task = model.getModelElementById(taskId);
        ServiceTask check = model.getModelElementById(checkId);
        assertThat(check.getCamundaDelegateExpression()).isEqualTo(delegate);
        assertThat(task.getOutgoing()).singleElement().satisfies(f -> assertThat(f.getTarget().getId()).isEqualTo(checkId));
        FlowNode gateway = check.getOutgoing().iterator().next().getTarget();
        assertThat(gateway.getName()).isNotBlank();
        List<String> targets = new ArrayList<>();
        for (SequenceFlow f : gateway.getOutgoing()) {
            assertThat(f.getName()).isNotBlank();
            assertThat(f.getConditionExpression().getTextContent()).contains("qualityPassed");
            targets.add(f.getTarget().getId());
        }
        assertThat(targets).hasSize(2).contains(passedTarget);
        FlowNode merge = model.getModelElementById(targets.get(0).equals(passedTarget) ? targets.get(1) : targets.get(0));
        assertThat(merge.getOutgoing()).singleElement().satisfies(f -> assertThat(f.getTarget().getId()).isEqualTo(taskId));
        for (String id : List.of(checkId, gateway.getId(), merge.getId())) {
            assertThat(model.getModelElementsByType(BpmnShape.class))
                    .anyMatch(s -> s.getBpmnElement() != null && s.getBpmnElement().getId().equals(id));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"write-draft.form", "finalize-document.form"})
    void the_forms_show_the_findings_and_offer_to_acknowledge_warnings(String form) throws Exception {
        JsonNode root = new ObjectMapper().readTree(new File("processes/forms/" + form));
        List<JsonNode> all = new ArrayList<>();
        collect(root.path("components"), all);
        assertThat(all).anySatisfy(c -> {
            assertThat(c.path("type").asText()).isEqualTo("table");
            assertThat(c.path("dataSource").asText()).isEqualTo("=qualityFindings");
            assertThat(c.path("columns").toString()).contains("severity", "section", "text", "why", "hint");
        });
        assertThat(all).anySatisfy(c -> {
            assertThat(c.path("type").asText()).isEqualTo("checkbox");
            assertThat(c.path("key").asText()).isEqualTo("acknowledgeWarnings");
        });
        if (form.startsWith("finalize")) {
            assertThat(all).anySatisfy(c -> assertThat(c.path("path").asText()).isEqualTo("actionItems"));
        }
    }

    private static void collect(JsonNode components, List<JsonNode> all) {
        for (JsonNode c : components) {
            all.add(c);
            collect(c.path("components"), all);
        }
    }
}
