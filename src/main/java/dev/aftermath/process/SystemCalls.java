package dev.aftermath.process;

import java.util.function.Supplier;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Engine calls that Aftermath makes on its own behalf, after it has applied its own rules: reading the user directory,
 * correlating a completion that the API already allowed. Camunda authorizations are on, and an {@code /api} request
 * runs with the caller authenticated at the engine, so without this such a call would be checked against the caller's
 * grants (who may, rightly, not read other users or update an instance).
 *
 * <p>The checks are switched off only for the given work, in its command context (never globally through
 * {@code ProcessEngineConfiguration.setAuthorizationEnabled}); the caller stays authenticated, so the engine still
 * records who acted.
 */
@Component
public class SystemCalls {

    private final ProcessEngine engine;

    public SystemCalls(@Lazy ProcessEngine engine) {
        this.engine = engine;
    }

    public <T> T call(Supplier<T> work) {
        CommandContext current = Context.getCommandContext();
        if (current != null) {
            // already inside an engine command (a delegate or listener): switch the checks off for the work only
            boolean wasEnabled = current.isAuthorizationCheckEnabled();
            current.disableAuthorizationCheck();
            try {
                return work.get();
            } finally {
                if (wasEnabled) {
                    current.enableAuthorizationCheck();
                }
            }
        }
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        return configuration.getCommandExecutorTxRequired().execute(commandContext -> {
            commandContext.disableAuthorizationCheck();
            return work.get();
        });
    }

    public void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }
}
