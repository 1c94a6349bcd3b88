package dev.aftermath.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.Lane;
import org.camunda.bpm.model.bpmn.instance.Participant;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnLabel;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.junit.jupiter.api.Test;

/**
 * No label of any diagram in {@code processes/} overlaps another label or covers a shape other than its own element,
 * as Camunda Modeler, Cockpit and Tasklist (bpmn-js) render it. bpmn-js lays an external label's text out in a box
 * 90 px wide centred on the label bounds (11 px font, words wrapped): the area checked is the declared bounds together
 * with that estimated text box, so bounds drawn too small for their text do not hide an overlap. Containers (expanded
 * sub-processes, pools, lanes) are not covered by a label inside them; a label must not straddle their border.
 */
class DiagramLabelsTest {

    static final Path PROCESSES = Path.of("processes");
    static final double LABEL_BOX = 90;
    static final double CHAR_WIDTH = 5.6;
    static final double LINE_HEIGHT = 13.2;

    record Box(double x, double y, double w, double h) {
        static Box of(Bounds b) {
            return new Box(b.getX(), b.getY(), b.getWidth(), b.getHeight());
        }

        boolean intersects(Box o) {
            return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
        }

        boolean inside(Box o) {
            return x >= o.x && y >= o.y && x + w <= o.x + o.w && y + h <= o.y + o.h;
        }

        Box union(Box o) {
            double x1 = Math.min(x, o.x);
            double y1 = Math.min(y, o.y);
            return new Box(x1, y1, Math.max(x + w, o.x + o.w) - x1, Math.max(y + h, o.y + o.h) - y1);
        }

        @Override
        public String toString() {
            return "(" + Math.round(x) + "," + Math.round(y) + " " + Math.round(w) + "x" + Math.round(h) + ")";
        }
    }

    record Label(String owner, String text, Box box) {
    }

    record Shape(String element, Box box, boolean container) {
    }

    @Test
    void no_label_overlaps_another_label_or_a_shape_in_any_diagram() throws IOException {
        List<Path> diagrams;
        try (Stream<Path> files = Files.list(PROCESSES)) {
            diagrams = files.filter(p -> p.toString().endsWith(".bpmn")).sorted().toList();
        }
        assertThat(diagrams).isNotEmpty();
        List<String> violations = new ArrayList<>();
        int labels = 0;
        for (Path diagram : diagrams) {
            BpmnModelInstance model = Bpmn.readModelFromFile(diagram.toFile());
            labels += labels(model).size();
            violations.addAll(violations(diagram.getFileName().toString(), model));
        }
        assertThat(labels).as("labels found in " + diagrams).isGreaterThan(50);
        assertThat(violations).as(String.join("\n", violations)).isEmpty();
    }

    @Test
    void the_check_finds_a_label_on_a_label_and_a_label_on_a_shape() {
        BpmnModelInstance model = Bpmn.readModelFromFile(PROCESSES.resolve("postmortem.bpmn").toFile());
        assertThat(violations("intact", model)).isEmpty();
        // the label of "yes" (roles known) moved onto the label of the gateway, "Approved?" onto "Publish document"
        Bounds rolesKnown = labelBounds(model, "Flow_RolesKnown");
        Bounds gateway = labelBounds(model, "Gateway_RolesKnown");
        rolesKnown.setX(gateway.getX());
        rolesKnown.setY(gateway.getY());
        Bounds approved = labelBounds(model, "Gateway_Approved");
        approved.setX(3900);
        approved.setY(290);

        List<String> violations = violations("broken", model);

        assertThat(violations).as(String.join("\n", violations)).hasSize(2)
                .anyMatch(v -> v.contains("Flow_RolesKnown") && v.contains("Gateway_RolesKnown"))
                .anyMatch(v -> v.contains("Gateway_Approved") && v.contains("Publish_Document"));
    }

    // ---------------------------------------------------------------- the check

    static List<String> violations(String file, BpmnModelInstance model) {
        List<Label> labels = labels(model);
        List<Shape> shapes = shapes(model);
        List<String> v = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            Label a = labels.get(i);
            for (int j = i + 1; j < labels.size(); j++) {
                Label b = labels.get(j);
                if (a.box().intersects(b.box())) {
                    v.add(file + ": label of " + a.owner() + " '" + a.text() + "' " + a.box() + " overlaps label of "
                            + b.owner() + " '" + b.text() + "' " + b.box());
                }
            }
            for (Shape s : shapes) {
                if (s.element().equals(a.owner())) {
                    continue;
                }
                if (s.container()) {
                    if (a.box().intersects(s.box()) && !a.box().inside(s.box())) {
                        v.add(file + ": label of " + a.owner() + " '" + a.text() + "' " + a.box()
                                + " straddles the border of " + s.element() + " " + s.box());
                    }
                } else if (a.box().intersects(s.box())) {
                    v.add(file + ": label of " + a.owner() + " '" + a.text() + "' " + a.box() + " covers shape "
                            + s.element() + " " + s.box());
                }
            }
        }
        return v;
    }

    static List<Label> labels(BpmnModelInstance model) {
        List<Label> labels = new ArrayList<>();
        for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
            label(shape.getBpmnElement(), shape.getBpmnLabel(), labels);
        }
        for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) {
            label(edge.getBpmnElement(), edge.getBpmnLabel(), labels);
        }
        return labels;
    }

    private static void label(BaseElement element, BpmnLabel label, List<Label> labels) {
        if (element == null || label == null || label.getBounds() == null) {
            return;
        }
        String text = element.getAttributeValue("name");
        if (text == null || text.isBlank()) {
            return; // nothing is drawn
        }
        Box declared = Box.of(label.getBounds());
        labels.add(new Label(element.getId(), text, declared.union(rendered(text, declared))));
    }

    /** The text box bpmn-js draws: words wrapped at 90 px, centred on the label bounds. */
    static Box rendered(String text, Box declared) {
        List<Double> lines = new ArrayList<>();
        double line = 0;
        for (String word : text.trim().split("\\s+")) {
            double w = word.length() * CHAR_WIDTH;
            double withSpace = line == 0 ? w : line + CHAR_WIDTH + w;
            if (line > 0 && withSpace > LABEL_BOX) {
                lines.add(line);
                line = w;
            } else {
                line = withSpace;
            }
        }
        lines.add(line);
        double width = Math.min(LABEL_BOX, lines.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        double height = lines.size() * LINE_HEIGHT;
        double cx = declared.x() + declared.w() / 2;
        double cy = declared.y() + declared.h() / 2;
        return new Box(cx - width / 2, cy - height / 2, width, height);
    }

    static List<Shape> shapes(BpmnModelInstance model) {
        List<Shape> shapes = new ArrayList<>();
        for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
            BaseElement element = shape.getBpmnElement();
            if (element == null || shape.getBounds() == null) {
                continue;
            }
            boolean container = element instanceof Participant || element instanceof Lane
                    || (element instanceof SubProcess && !Boolean.FALSE.equals(shape.isExpanded()));
            shapes.add(new Shape(element.getId(), Box.of(shape.getBounds()), container));
        }
        return shapes;
    }

    private static Bounds labelBounds(BpmnModelInstance model, String elementId) {
        return Stream.concat(model.getModelElementsByType(BpmnShape.class).stream().filter(
                                s -> s.getBpmnElement() != null && s.getBpmnElement().getId().equals(elementId))
                        .map(BpmnShape::getBpmnLabel),
                model.getModelElementsByType(BpmnEdge.class).stream().filter(
                                e -> e.getBpmnElement() != null && e.getBpmnElement().getId().equals(elementId))
                        .map(BpmnEdge::getBpmnLabel))
                .findFirst().orElseThrow().getBounds();
    }
}
