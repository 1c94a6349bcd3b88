package dev.aftermath.process;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Several nodes starting at once on one empty PostgreSQL database take turns: from the moment the engine is
 * configured until the application is ready (Camunda's schema, the deployment, the Tasklist filters, the groups, the
 * grants and the demo users), a node holds a PostgreSQL session advisory lock. The next node waits for it and then
 * finds everything in place, so there is one set of each. A node that dies while holding the lock loses its session,
 * and with it the lock. On H2 (one node by definition) nothing is locked.
 */
@Component
public class StartupLock extends AbstractProcessEnginePlugin {

    private static final Logger LOG = LoggerFactory.getLogger(StartupLock.class);
    /** "aftermath" in the advisory lock key space. */
    static final long KEY = 0x61667465726d6174L;

    private final DataSource dataSource;
    private Connection held;

    public StartupLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        acquire();
    }

    synchronized void acquire() {
        if (held != null) {
            return;
        }
        try {
            Connection c = dataSource.getConnection();
            if (!"PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
                c.close();
                return;
            }
            c.setAutoCommit(true);
            long start = System.nanoTime();
            if (!tryLock(c)) {
                LOG.info("Another node is starting on this database; waiting for its start-up to finish");
                try (PreparedStatement s = c.prepareStatement("select pg_advisory_lock(?)")) {
                    s.setLong(1, KEY);
                    s.execute();
                }
                LOG.info("Start-up lock taken after {} ms", (System.nanoTime() - start) / 1_000_000);
            }
            held = c;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not take the start-up lock on the database", e);
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_lock(?)");
             ResultSet rs = executeQuery(s)) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static ResultSet executeQuery(PreparedStatement s) throws SQLException {
        s.setLong(1, KEY);
        return s.executeQuery();
    }

    /** After every other listener of the ready event: the start-up is over. */
    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.LOWEST_PRECEDENCE)
    public void ready() {
        release();
    }

    @EventListener(ApplicationFailedEvent.class)
    public void failed() {
        release();
    }

    @PreDestroy
    public synchronized void release() {
        if (held == null) {
            return;
        }
        try (Connection c = held) {
            try (PreparedStatement s = c.prepareStatement("select pg_advisory_unlock(?)")) {
                s.setLong(1, KEY);
                s.execute();
            }
        } catch (SQLException e) {
            LOG.warn("Could not release the start-up lock ({}); it goes with the session", e.toString());
        } finally {
            held = null;
        }
    }
}
