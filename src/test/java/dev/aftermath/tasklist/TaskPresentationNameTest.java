package dev.aftermath.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 21: the severity leads every task name, so that it shows even where a list cuts the name short. */
class TaskPresentationNameTest {

    @Test
    void the_name_starts_with_the_severity_then_step_incident_and_title() {
        assertThat(TaskPresentationPlugin.name("Write post-mortem draft", "SEV1", "INC-2026-001", "Checkout failing"))
                .isEqualTo("[SEV1] Write post-mortem draft — INC-2026-001 Checkout failing");
        assertThat(TaskPresentationPlugin.name("Complete action item", "SEV3", "INC-2026-001/AI-1", null))
                .isEqualTo("[SEV3] Complete action item — INC-2026-001/AI-1");
    }

    @Test
    void without_a_severity_or_once_presented_the_name_stays_as_it_is() {
        assertThat(TaskPresentationPlugin.name("Write post-mortem draft", null, "INC-1", "Title"))
                .isEqualTo("Write post-mortem draft — INC-1 Title");
        String presented = "[SEV1] Write post-mortem draft — INC-1 Title";
        assertThat(TaskPresentationPlugin.name(presented, "SEV1", "INC-1", "Title")).isEqualTo(presented);
    }

    @Test
    void a_long_title_is_cut_to_255_characters() {
        String name = TaskPresentationPlugin.name("Write post-mortem draft", "SEV2", "INC-1", "x".repeat(400));
        assertThat(name).hasSize(255).startsWith("[SEV2] ").endsWith("…");
    }
}
