package dev.aftermath.process;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * With {@code aftermath.node-id} set, the job executor locks jobs in this node's name ({@code ACT_RU_JOB.LOCK_OWNER_})
 * instead of a random id, so that an operator sees in Cockpit and in the database which node holds which job.
 */
@Component
public class NodeIdentity extends AbstractProcessEnginePlugin {

    private final String nodeId;

    public NodeIdentity(@Value("${aftermath.node-id:}") String nodeId) {
        this.nodeId = nodeId;
    }

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        if (nodeId != null && !nodeId.isBlank() && configuration.getJobExecutor() != null) {
            configuration.getJobExecutor().setLockOwner(nodeId.trim());
        }
    }
}
