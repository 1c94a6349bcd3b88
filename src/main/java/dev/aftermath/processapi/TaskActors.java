package dev.aftermath.processapi;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ProcessEngineServicesAware;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * Who did a task, or who runs a step: the one answer for every listener and delegate. The user the engine authenticated
 * for the call (Tasklist, {@code /engine-rest}, the API) comes first; for a task, its assignee next; then the
 * caller's fallback ({@code null} for the post-mortem's four-eyes check, the system's name for action item history).
 */
public final class TaskActors {

    private TaskActors() {
    }

    /** The user authenticated for the current call, or {@code null}. */
    public static String authenticated(IdentityService identity) {
        Authentication auth = identity.getCurrentAuthentication();
        return auth != null && auth.getUserId() != null ? auth.getUserId() : null;
    }

    /** The authenticated user, else the task's assignee, else {@code null}. */
    public static String of(DelegateTask task) {
        return of(task, null);
    }

    /** The authenticated user, else the task's assignee, else {@code fallback}. */
    public static String of(DelegateTask task, String fallback) {
        String user = authenticated(task);
        if (user != null) {
            return user;
        }
        return task.getAssignee() != null ? task.getAssignee() : fallback;
    }

    /** The authenticated user of a step (a delegate or listener), else {@code fallback}. */
    public static String orElse(ProcessEngineServicesAware scope, String fallback) {
        String user = authenticated(scope);
        return user != null ? user : fallback;
    }

    private static String authenticated(ProcessEngineServicesAware scope) {
        return authenticated(scope.getProcessEngineServices().getIdentityService());
    }
}
