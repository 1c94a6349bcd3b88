package dev.aftermath.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.delegate.VariableScope;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Engine types stay at the edge (issue 20, {@code shared/design/house.md}): delegates, listeners, plugins and the
 * process API read and write process variables; feature services take and return domain values, so a unit test
 * calls them without an engine.
 * <p>
 * The edge is: the process API ({@code dev.aftermath.processapi}), and every class whose simple name ends in
 * {@code Delegates} (a configuration of JavaDelegate/TaskListener beans), {@code Listeners}, {@code Listener},
 * {@code Plugin} or {@code Step}, or that implements JavaDelegate, TaskListener or ExecutionListener; classes nested
 * in one of them (lambdas, anonymous classes) belong to it.
 */
final class EngineEdgeRules {

    private EngineEdgeRules() {
    }

    static final DescribedPredicate<JavaClass> EDGE = new DescribedPredicate<>("delegates, listeners, plugins and "
            + "the process API") {
        @Override
        public boolean test(JavaClass type) {
            JavaClass top = type;
            while (top.getEnclosingClass().isPresent()) {
                if (isEdge(top)) {
                    return true;
                }
                top = top.getEnclosingClass().get();
            }
            return isEdge(top);
        }
    };

    private static boolean isEdge(JavaClass type) {
        String name = type.getSimpleName();
        return type.getPackageName().startsWith("dev.aftermath.processapi")
                || name.endsWith("Delegates") || name.endsWith("Listeners") || name.endsWith("Listener")
                || name.endsWith("Plugin") || name.endsWith("Step")
                || type.isAssignableTo(JavaDelegate.class) || type.isAssignableTo(TaskListener.class)
                || type.isAssignableTo(ExecutionListener.class);
    }

    private static final DescribedPredicate<JavaMethodCall> VARIABLE_CALL = new DescribedPredicate<>(
            "a process-variable call on RuntimeService, TaskService or a delegate") {
        @Override
        public boolean test(JavaMethodCall call) {
            JavaClass owner = call.getTargetOwner();
            return call.getName().matches("(get|set|remove)Variable.*")
                    && (owner.isAssignableTo(RuntimeService.class) || owner.isAssignableTo(TaskService.class)
                    || owner.isAssignableTo(VariableScope.class));
        }
    };

    /** Only the edge names DelegateExecution, DelegateTask, VariableScope, listeners or delegates. */
    static final ArchRule DELEGATE_TYPES_ONLY_AT_THE_EDGE = noClasses()
            .that(DescribedPredicate.not(EDGE))
            .should().dependOnClassesThat().resideInAPackage("org.camunda.bpm.engine.delegate..")
            .because("feature services take domain values; delegates and listeners adapt the engine "
                    + "(shared/design/house.md)");

    /** Only the edge reads or writes process variables. */
    static final ArchRule VARIABLES_ONLY_AT_THE_EDGE = noClasses()
            .that(DescribedPredicate.not(EDGE))
            .should().callMethodWhere(VARIABLE_CALL)
            .because("variables are read and written by delegates, listeners and the typed process API");
}
