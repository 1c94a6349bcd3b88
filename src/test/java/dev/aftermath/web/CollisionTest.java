package dev.aftermath.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.junit.jupiter.api.Test;

/** Which failures of a write answer 409 (a collision with another write) instead of 500. */
class CollisionTest {

    @Test
    void the_engines_optimistic_lock_is_a_collision() {
        assertThat(Problems.isCollision(new RuntimeException(new OptimisticLockingException("ENGINE-03005")))).isTrue();
    }

    @Test
    void a_foreign_key_broken_under_the_engines_flush_by_a_concurrent_commit_is_a_collision() {
        // as PostgreSQL reported it when an action item was completed while its ticket step completed (CI, 7 Dec)
        BatchUpdateException batch = new BatchUpdateException("Batch entry 7 delete from ACT_RU_EXECUTION ... was "
                + "aborted", "23503", 0, new int[0], null);
        batch.setNextException(new SQLException("violates foreign key constraint act_fk_exe_procinst", "23503"));
        Throwable thrown = new ProcessEnginePersistenceException("An exception occurred in the persistence layer",
                new ProcessEngineException("ENGINE-03004 Exception while executing Database Operation 'DELETE "
                        + "ExecutionEntity'", new RuntimeException("### Error flushing statements", batch)));
        assertThat(Problems.isCollision(thrown)).isTrue();
    }

    @Test
    void serialization_failures_and_deadlocks_are_collisions() {
        assertThat(Problems.isCollision(new RuntimeException(new SQLException("could not serialize", "40001"))))
                .isTrue();
        assertThat(Problems.isCollision(new RuntimeException(new SQLException("deadlock detected", "40P01"))))
                .isTrue();
    }

    @Test
    void a_foreign_key_violation_outside_the_engines_flush_and_other_errors_are_not() {
        assertThat(Problems.isCollision(new RuntimeException(new SQLException("violates foreign key", "23503"))))
                .isFalse();
        assertThat(Problems.isCollision(new ProcessEnginePersistenceException("persistence",
                new SQLException("value too long", "22001")))).isFalse();
        assertThat(Problems.isCollision(new IllegalStateException("boom"))).isFalse();
    }
}
