package dev.aftermath.processapi;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * One process variable of a diagram: its name and its Java type, in the spirit of holunda's camunda-bpm-data (which
 * the registry here does not serve for Camunda 7.24). A process-API class declares each variable once,
 * {@code ProcessVariable<String> TITLE = ProcessVariable.string("title")}, and code reads it without a cast:
 * {@code String title = Vars.TITLE.from(execution)}.
 *
 * <p>Reading converts leniently, because clients write variables too: Camunda Forms send a number field as a
 * {@code Long}, {@code /engine-rest} clients may send {@code "true"}, a DMN result may be an {@code Integer} or a
 * {@code Long}. A value that cannot be converted reads as {@code null}, never as an exception (the task rules reject
 * bad input with a message that names the field). JSON variables (Spin {@code Json}) read as the raw value for
 * {@code JsonVariables}.
 *
 * @param <T> the Java type a reader gets
 */
public final class ProcessVariable<T> {

    private final String name;
    private final Class<T> type;
    private final Function<Object, T> convert;

    private ProcessVariable(String name, Class<T> type, Function<Object, T> convert) {
        this.name = Objects.requireNonNull(name);
        this.type = type;
        this.convert = convert;
    }

    public static ProcessVariable<String> string(String name) {
        return new ProcessVariable<>(name, String.class, ProcessVariable::toText);
    }

    public static ProcessVariable<Boolean> bool(String name) {
        return new ProcessVariable<>(name, Boolean.class, ProcessVariable::toBoolean);
    }

    public static ProcessVariable<Integer> integer(String name) {
        return new ProcessVariable<>(name, Integer.class, v -> {
            Long l = toLong(v);
            return l == null ? null : l.intValue();
        });
    }

    public static ProcessVariable<Long> longValue(String name) {
        return new ProcessVariable<>(name, Long.class, ProcessVariable::toLong);
    }

    public static ProcessVariable<Double> decimal(String name) {
        return new ProcessVariable<>(name, Double.class, ProcessVariable::toDouble);
    }

    /** A point in time the engine stores as a {@link Date} (timer dates, deadlines). */
    public static ProcessVariable<Date> date(String name) {
        return new ProcessVariable<>(name, Date.class, ProcessVariable::toDate);
    }

    /** A JSON variable (Spin {@code Json}, a JSON string or Java lists): read as it is, for {@code JsonVariables}. */
    public static ProcessVariable<Object> json(String name) {
        return new ProcessVariable<>(name, Object.class, v -> v);
    }

    /** An untyped value written by the engine itself (e.g. a DMN result map). */
    public static ProcessVariable<Object> object(String name) {
        return new ProcessVariable<>(name, Object.class, v -> v);
    }

    /** The variable's name, as the diagrams, forms and {@code /engine-rest} clients spell it. */
    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    /** The value converted to {@code T}, or {@code null}. */
    public T convert(Object raw) {
        return raw == null ? null : convert.apply(raw);
    }

    public T from(VariableScope scope) {
        return convert(scope.getVariable(name));
    }

    public T fromLocal(VariableScope scope) {
        return convert(scope.getVariableLocal(name));
    }

    public T from(Map<String, ?> variables) {
        return convert(variables.get(name));
    }

    public T from(RuntimeService runtime, String executionId) {
        return convert(runtime.getVariable(executionId, name));
    }

    public T from(TaskService tasks, String taskId) {
        return convert(tasks.getVariable(taskId, name));
    }

    public Optional<T> optional(VariableScope scope) {
        return Optional.ofNullable(from(scope));
    }

    public T orElse(VariableScope scope, T fallback) {
        T value = from(scope);
        return value == null ? fallback : value;
    }

    public T orElse(Map<String, ?> variables, T fallback) {
        T value = from(variables);
        return value == null ? fallback : value;
    }

    /** Whether the variable is set (not null) in this scope or one above it. */
    public boolean isSet(VariableScope scope) {
        return scope.getVariable(name) != null;
    }

    public void set(VariableScope scope, T value) {
        scope.setVariable(name, value);
    }

    public void setLocal(VariableScope scope, T value) {
        scope.setVariableLocal(name, value);
    }

    /** Puts the value into a variable map (process start, message correlation, task completion). */
    public <M extends Map<String, Object>> M put(M variables, T value) {
        variables.put(name, value);
        return variables;
    }

    @Override
    public String toString() {
        return name;
    }

    // ------------------------------------------------------------------ conversions

    private static String toText(Object v) {
        return v instanceof String s ? s : v.toString();
    }

    private static Boolean toBoolean(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim();
        if ("true".equalsIgnoreCase(s)) {
            return true;
        }
        return "false".equalsIgnoreCase(s) ? false : null;
    }

    private static Long toLong(Object v) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            String s = v.toString().trim();
            return s.isEmpty() ? null : (long) Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double toDouble(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            String s = v.toString().trim();
            return s.isEmpty() ? null : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Date toDate(Object v) {
        if (v instanceof Date d) {
            return d;
        }
        if (v instanceof Instant i) {
            return Date.from(i);
        }
        if (v instanceof ZonedDateTime z) {
            return Date.from(z.toInstant());
        }
        if (v instanceof OffsetDateTime o) {
            return Date.from(o.toInstant());
        }
        try {
            return Date.from(OffsetDateTime.parse(v.toString().trim()).toInstant());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
