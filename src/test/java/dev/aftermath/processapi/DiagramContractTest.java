package dev.aftermath.processapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each diagram of {@code processes/} against its process-API class: keys, element ids, messages and the variables the
 * diagram reads (see {@link DiagramContract}). A renamed element, a new service task without a Java name or a
 * variable read in a condition but declared nowhere fails here, before any process runs.
 */
class DiagramContractTest {

    /** Diagram file → the API class of its process, and the classes whose variables it may read. */
    record Contract(String diagram, Class<?> api, Set<Class<?>> variables) {
        @Override
        public String toString() {
            return diagram;
        }
    }

    static Stream<Contract> contracts() {
        return Stream.of(
                new Contract("postmortem.bpmn", PostmortemProcess.class, Set.of(PostmortemProcess.class)),
                new Contract("action-item.bpmn", ActionItemProcess.class, Set.of(ActionItemProcess.class)),
                new Contract("ticket-sync.bpmn", TicketSyncProcess.class, Set.of(TicketSyncProcess.class)),
                new Contract("task-notification.bpmn", TaskNotificationProcess.class,
                        Set.of(TaskNotificationProcess.class)),
                new Contract("wiki-sync.bpmn", WikiSyncProcess.class, Set.of(WikiSyncProcess.class)),
                new Contract("timeline-import.bpmn", TimelineImportProcess.class,
                        Set.of(TimelineImportProcess.class)),
                new Contract("insights-weekly-digest.bpmn", InsightsProcess.Weekly.class,
                        Set.of(InsightsProcess.class)),
                new Contract("insights-quarterly-digest.bpmn", InsightsProcess.Quarterly.class,
                        Set.of(InsightsProcess.class)),
                new Contract("insights-leadership-brief.bpmn", InsightsProcess.Brief.class,
                        Set.of(InsightsProcess.class)));
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void the_diagram_and_its_process_api_agree(Contract contract) throws Exception {
        assertThat(DiagramContract.check("processes/" + contract.diagram(), contract.api(), contract.variables())).isEmpty();
    }

    @Test
    void every_diagram_has_a_process_api() throws IOException {
        Set<String> onDisk = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("processes"))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bpmn")).forEach(onDisk::add);
        }
        assertThat(onDisk).isNotEmpty();
        assertThat(contracts().map(Contract::diagram)).containsExactlyInAnyOrderElementsOf(onDisk);
    }

    // ------------------------------------------------------------------ the check can fail

    /** A fixture API that is wrong on purpose about {@code contract/fixture.bpmn}. */
    static final class FixtureProcess {
        public static final String KEY = "contract-fixture";
        public static final String MESSAGE_GONE = "NoSuchMessage";

        public static final class Elements {
            public static final String START = "Start";
            public static final String RENAMED = "Task_RenamedInTheDiagram";

            private Elements() {
            }
        }

        public static final class Vars {
            public static final ProcessVariable<String> OWNER = ProcessVariable.string("owner");

            private Vars() {
            }
        }

        private FixtureProcess() {
        }
    }

    @Test
    void the_check_reports_every_kind_of_disagreement() throws Exception {
        List<String> problems = DiagramContract.check("contract/fixture.bpmn", FixtureProcess.class,
                Set.of(FixtureProcess.class));
        assertThat(problems).containsExactlyInAnyOrder(
                "contract/fixture.bpmn: FixtureProcess names element 'Task_RenamedInTheDiagram', which the diagram lacks",
                "contract/fixture.bpmn: element 'Send_Undeclared' has Java behind it but FixtureProcess does not declare it",
                "contract/fixture.bpmn: message 'Undeclared' is not declared in FixtureProcess",
                "contract/fixture.bpmn: FixtureProcess declares message 'NoSuchMessage', which the diagram lacks",
                "contract/fixture.bpmn: the diagram reads variable 'approved', which FixtureProcess does not declare");
    }

    @Test
    void a_wrong_key_is_reported() throws Exception {
        assertThat(DiagramContract.check("contract/fixture.bpmn", WikiSyncProcess.class, Set.of()))
                .containsExactly("contract/fixture.bpmn: no process with id 'wiki-sync' (WikiSyncProcess.KEY)");
    }

    @Test
    void roots_followed_by_a_member_or_a_call_are_beans_not_variables() throws Exception {
        // ${approved and deadlines.isPast(owner) and empty reviewers.list}: deadlines and reviewers are beans
        org.w3c.dom.Element process = (org.w3c.dom.Element) DiagramContract.parse("contract/fixture.bpmn")
                .getElementsByTagNameNS("*", "process").item(0);
        assertThat(DiagramContract.variablesRead(process)).containsExactlyInAnyOrder("owner", "approved");
    }
}
