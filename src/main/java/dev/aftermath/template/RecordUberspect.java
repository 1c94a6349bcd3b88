package dev.aftermath.template;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.apache.velocity.util.introspection.Info;
import org.apache.velocity.util.introspection.UberspectImpl;
import org.apache.velocity.util.introspection.VelPropertyGet;
import org.apache.velocity.runtime.parser.node.AbstractExecutor;

/**
 * Velocity's introspection plus record components: {@code $doc.summary} reads {@code summary()} of a record, as
 * {@code getSummary()} or {@code get("summary")} would be read for a bean or a map.
 */
public class RecordUberspect extends UberspectImpl {

    @Override
    public VelPropertyGet getPropertyGet(Object obj, String identifier, Info i) {
        VelPropertyGet get = super.getPropertyGet(obj, identifier, i);
        if (get != null || obj == null || !obj.getClass().isRecord()) {
            return get;
        }
        ComponentExecutor executor = new ComponentExecutor(obj.getClass(), identifier);
        return executor.isAlive() ? new VelGetterImpl(executor) : null;
    }

    /** Reads a record component through its accessor. */
    private static final class ComponentExecutor extends AbstractExecutor {

        ComponentExecutor(Class<?> type, String component) {
            for (var c : type.getRecordComponents()) {
                if (c.getName().equals(component)) {
                    Method accessor = c.getAccessor();
                    accessor.setAccessible(true);
                    setMethod(accessor);
                }
            }
        }

        @Override
        public Object execute(Object o) throws IllegalAccessException, InvocationTargetException {
            return getMethod() == null ? null : getMethod().invoke(o);
        }
    }
}
