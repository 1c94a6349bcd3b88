package dev.aftermath.postmortem;

import java.util.LinkedHashMap;
import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

import dev.aftermath.processapi.PostmortemProcess.Vars;

/**
 * The engine edge of a timeline contribution over the API: reads and writes the draft's variables of the running
 * post-mortem instance ({@code timeline}, {@code timelineContributions}), as the task listeners do for the form.
 */
@Component
public class TimelineDraftStep {

    private final RuntimeService runtime;

    public TimelineDraftStep(RuntimeService runtime) {
        this.runtime = runtime;
    }

    /** The draft's timeline as the instance holds it, or null before the draft exists. */
    public Object timeline(String processInstanceId) {
        return Vars.TIMELINE.from(runtime, processInstanceId);
    }

    /** Stores the merged timeline and the contributors' summary in the instance; returns all its variables. */
    public Map<String, Object> write(String processInstanceId, Object timeline, Object contributions) {
        Map<String, Object> vars = new LinkedHashMap<>();
        Vars.TIMELINE.put(vars, timeline);
        Vars.TIMELINE_CONTRIBUTIONS.put(vars, contributions);
        runtime.setVariables(processInstanceId, vars);
        return runtime.getVariables(processInstanceId);
    }

    /** Stores the draft's timeline after accepted candidates joined it; returns all the instance's variables. */
    public Map<String, Object> writeTimeline(String processInstanceId, Object timeline) {
        Map<String, Object> vars = new LinkedHashMap<>();
        Vars.TIMELINE.put(vars, timeline);
        runtime.setVariables(processInstanceId, vars);
        return runtime.getVariables(processInstanceId);
    }

    /** The candidates still to review, as the draft form ({@code timelineCandidates}) lists them. */
    public void writeCandidates(String processInstanceId, Object candidates) {
        Map<String, Object> vars = new LinkedHashMap<>();
        Vars.TIMELINE_CANDIDATES.put(vars, candidates);
        runtime.setVariables(processInstanceId, vars);
    }
}
