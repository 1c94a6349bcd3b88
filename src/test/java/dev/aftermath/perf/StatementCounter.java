package dev.aftermath.perf;

import java.net.URL;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Tests and benchmarks only (datasource-proxy is a test dependency; production has no proxy): wraps the application's
 * one {@link DataSource}, which the engine, Flyway and Aftermath's repositories share, and counts the SQL statements
 * that the counting thread issues while a count is open. Nothing is counted outside {@link #start()}/{@link #stop()},
 * and statements of other threads (the job executor, the mail pool, HTTP requests) never are.
 *
 * <p>A statement is classified as
 * <ul>
 * <li><b>app</b>: it names no engine table ({@code ACT_*}): Aftermath's own tables (outbox, incidents, post-mortems);</li>
 * <li><b>engine for Aftermath</b>: an engine statement while Aftermath's main code is on the stack (a delegate asking
 * the engine for tasks, variables, users, or starting a process from a listener);</li>
 * <li><b>engine</b>: the engine's own work (the command's flush, job acquisition, history).</li>
 * </ul>
 * Aftermath's cost of a step is app + engine for Aftermath. A JDBC batch counts as one statement per execution (one
 * round trip), as the database sees it.
 */
@Component
public class StatementCounter implements BeanPostProcessor {

    private static final Pattern ENGINE_TABLE = Pattern.compile("\\bACT_[A-Z_]+", Pattern.CASE_INSENSITIVE);
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final Map<Class<?>, Boolean> MAIN_CLASS = new ConcurrentHashMap<>();

    private static volatile Thread counting;
    private static final Counts current = new Counts();

    /** Counts of one step. */
    public static final class Counts {
        public int app;
        public int engineForApp;
        public int engine;
        public int batches;
        public final Map<String, Integer> appStatements = new java.util.LinkedHashMap<>();
        /** Engine statements for Aftermath by the innermost Aftermath method that asked (diagnostics). */
        public final Map<String, Integer> engineCallers = new java.util.LinkedHashMap<>();

        /** Aftermath's statements: its own tables and what it asks of the engine. */
        public int aftermath() {
            return app + engineForApp;
        }

        public int total() {
            return app + engineForApp + engine;
        }

        Counts copy() {
            Counts c = new Counts();
            c.app = app;
            c.engineForApp = engineForApp;
            c.engine = engine;
            c.batches = batches;
            c.appStatements.putAll(appStatements);
            c.engineCallers.putAll(engineCallers);
            return c;
        }

        void clear() {
            app = 0;
            engineForApp = 0;
            engine = 0;
            batches = 0;
            appStatements.clear();
            engineCallers.clear();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "aftermath %d (own tables %d, engine calls %d), engine %d", aftermath(),
                    app, engineForApp, engine);
        }
    }

    /** Starts counting this thread's statements (from zero). */
    public static synchronized void start() {
        current.clear();
        counting = Thread.currentThread();
    }

    /** Stops counting and returns what was counted since {@link #start()}. */
    public static synchronized Counts stop() {
        counting = null;
        return current.copy();
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource ds && !(bean instanceof net.ttddyy.dsproxy.support.ProxyDataSource)) {
            return ProxyDataSourceBuilder.create(ds).name("counted").listener(new Listener()).build();
        }
        return bean;
    }

    private static final class Listener implements QueryExecutionListener {

        @Override
        public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        }

        @Override
        public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
            if (counting != Thread.currentThread() || WALKER.walk(s -> s.anyMatch(f -> f.getDeclaringClass()
                    == dev.aftermath.actionitem.TicketWorker.class))) {
                // the ticket worker is a poller of its own in production; the tests call it to drain, and what it
                // finds there depends on the external tasks earlier tests left: not a step's cost
                return;
            }
            String sql = queryInfoList.isEmpty() ? "" : queryInfoList.get(0).getQuery();
            boolean engineTable = ENGINE_TABLE.matcher(sql).find();
            boolean fromMain = !engineTable || WALKER.walk(s -> askedByAftermath(s.<Class<?>>map(f -> f.getDeclaringClass())
                    .toList()));
            synchronized (StatementCounter.class) {
                if (execInfo.isBatch()) {
                    current.batches++;
                }
                if (!engineTable) {
                    current.app++;
                    String key = sql.replaceAll("\\s+", " ").trim();
                    key = key.length() > 70 ? key.substring(0, 70) : key;
                    current.appStatements.merge(key, 1, Integer::sum);
                } else if (fromMain) {
                    current.engineForApp++;
                    String caller = WALKER.walk(s -> s.filter(f -> isMain(f.getDeclaringClass()))
                            .map(f -> f.getDeclaringClass().getSimpleName() + "." + f.getMethodName()).findFirst()
                            .orElse("?"));
                    current.engineCallers.merge(caller, 1, Integer::sum);
                } else {
                    current.engine++;
                }
            }
        }

        /**
         * Whether Aftermath's code asked for this engine statement: a main class runs inside the outermost engine
         * command (a delegate or listener calling a service), or called that command (a service of Aftermath calling
         * the engine). A command the test itself runs (executing a job, completing a task) is the engine's own work
         * except for what Aftermath's delegates and listeners ask within it. SQL on engine tables outside any
         * command is Aftermath's own query.
         */
        private static boolean askedByAftermath(List<Class<?>> stack) {
            int outermost = -1;
            for (int i = 0; i < stack.size(); i++) {
                if (stack.get(i).getName().equals("org.camunda.bpm.engine.impl.interceptor.CommandContextInterceptor")) {
                    outermost = i;
                }
            }
            if (outermost < 0) {
                return true;
            }
            for (int i = 0; i < outermost; i++) {
                if (isMain(stack.get(i))) {
                    return true;
                }
            }
            for (int i = outermost + 1; i < stack.size(); i++) {
                String n = stack.get(i).getName();
                if (n.startsWith("org.camunda.") || n.startsWith("org.springframework.") || n.startsWith("java.")
                        || n.startsWith("jdk.") || n.startsWith("sun.") || n.contains("$$")) {
                    continue;
                }
                return isMain(stack.get(i));
            }
            return false;
        }

        /** A class of Aftermath's main code (target/classes), not a test class or a library. */
        private static boolean isMain(Class<?> c) {
            if (!c.getName().startsWith("dev.aftermath.")) {
                return false;
            }
            return MAIN_CLASS.computeIfAbsent(c, k -> {
                var source = k.getProtectionDomain().getCodeSource();
                URL location = source == null ? null : source.getLocation();
                return location != null && !location.toString().contains("test-classes");
            });
        }
    }
}
