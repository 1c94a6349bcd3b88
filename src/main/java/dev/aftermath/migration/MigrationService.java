package dev.aftermath.migration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.migration.MigrationInstruction;
import org.camunda.bpm.engine.migration.MigrationInstructionValidationReport;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.TransitionInstance;
import org.springframework.stereotype.Service;

/**
 * Moves the running instances of older versions of a diagram onto its latest version with Camunda's migration API:
 * activities with equal ids are mapped, event triggers (timers, messages) are updated to the latest diagram, so a
 * timer whose expression changed is computed again. One batch per source version, visible in Cockpit (Batches).
 * An instance that sits in an activity the latest version no longer has cannot be migrated: it is reported and left
 * on its version. A dry run answers the same report and changes nothing.
 */
@Service
public class MigrationService {

    /** The diagrams whose running instances can be migrated. */
    public static final List<String> KEYS = List.of("postmortem", "action-item", "task-notification");

    private final RepositoryService repository;
    private final RuntimeService runtime;

    public MigrationService(RepositoryService repository, RuntimeService runtime) {
        this.repository = repository;
        this.runtime = runtime;
    }

    public record SourceReport(String processDefinitionId, int version, long instances, long migratable,
                               Map<String, Long> unmappedActivities, List<String> planFailures, String batchId) {
    }

    public record Report(String processKey, String targetProcessDefinitionId, int targetVersion, boolean dryRun,
                         long instances, long migrated, List<SourceReport> sources) {
    }

    public Report migrate(String processKey, boolean dryRun) {
        ProcessDefinition target = repository.createProcessDefinitionQuery().processDefinitionKey(processKey)
                .latestVersion().singleResult();
        if (target == null) {
            throw new IllegalArgumentException("No deployed process '" + processKey + "'");
        }
        List<ProcessDefinition> sources = repository.createProcessDefinitionQuery().processDefinitionKey(processKey)
                .list().stream().filter(d -> d.getVersion() < target.getVersion())
                .sorted(Comparator.comparingInt(ProcessDefinition::getVersion)).toList();
        List<SourceReport> reports = new ArrayList<>();
        long total = 0;
        long migrated = 0;
        for (ProcessDefinition source : sources) {
            List<ProcessInstance> instances = runtime.createProcessInstanceQuery()
                    .processDefinitionId(source.getId()).list();
            if (instances.isEmpty()) {
                continue;
            }
            total += instances.size();
            SourceReport report = migrate(source, target, instances, dryRun);
            migrated += dryRun ? 0 : report.migratable();
            reports.add(report);
        }
        return new Report(processKey, target.getId(), target.getVersion(), dryRun, total, migrated, reports);
    }

    private SourceReport migrate(ProcessDefinition source, ProcessDefinition target, List<ProcessInstance> instances,
                                 boolean dryRun) {
        List<String> planFailures = new ArrayList<>();
        MigrationPlan plan;
        try {
            plan = runtime.createMigrationPlan(source.getId(), target.getId()).mapEqualActivities()
                    .updateEventTriggers().build();
        } catch (MigrationPlanValidationException e) {
            for (MigrationInstructionValidationReport r : e.getValidationReport().getInstructionReports()) {
                planFailures.add(r.getMigrationInstruction().getSourceActivityId() + " -> "
                        + r.getMigrationInstruction().getTargetActivityId() + ": " + String.join("; ", r.getFailures()));
            }
            return new SourceReport(source.getId(), source.getVersion(), instances.size(), 0, Map.of(), planFailures,
                    null);
        }
        Set<String> mapped = new LinkedHashSet<>();
        for (MigrationInstruction i : plan.getInstructions()) {
            mapped.add(i.getSourceActivityId());
        }
        Map<String, Long> unmapped = new TreeMap<>();
        List<String> migratable = new ArrayList<>();
        for (ProcessInstance pi : instances) {
            Set<String> active = new LinkedHashSet<>();
            ActivityInstance tree = runtime.getActivityInstance(pi.getId());
            if (tree != null) {
                collect(tree, active);
            }
            List<String> missing = active.stream().filter(a -> !mapped.contains(a)).toList();
            if (missing.isEmpty()) {
                migratable.add(pi.getId());
            } else {
                missing.forEach(a -> unmapped.merge(a, 1L, Long::sum));
            }
        }
        String batchId = null;
        if (!dryRun && !migratable.isEmpty()) {
            Batch batch = runtime.newMigration(plan).processInstanceIds(migratable).executeAsync();
            batchId = batch.getId();
        }
        return new SourceReport(source.getId(), source.getVersion(), instances.size(), migratable.size(),
                unmapped, planFailures, batchId);
    }

    /** Activity ids of every activity and transition instance below the root (the process itself is not one). */
    private static void collect(ActivityInstance instance, Set<String> ids) {
        for (ActivityInstance child : instance.getChildActivityInstances()) {
            ids.add(child.getActivityId());
            collect(child, ids);
        }
        for (TransitionInstance t : instance.getChildTransitionInstances()) {
            ids.add(t.getActivityId());
        }
    }

    /** For the API: the keys with their latest version. */
    public Map<String, Integer> latestVersions() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String key : KEYS) {
            ProcessDefinition d = repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion()
                    .singleResult();
            m.put(key, d == null ? null : d.getVersion());
        }
        return m;
    }
}
