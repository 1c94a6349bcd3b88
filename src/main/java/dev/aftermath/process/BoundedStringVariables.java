package dev.aftermath.process;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.variable.serializer.StringValueSerializer;
import org.camunda.bpm.engine.impl.variable.serializer.TypedValueSerializer;
import org.camunda.bpm.engine.impl.variable.serializer.ValueFields;
import org.camunda.bpm.engine.variable.value.StringValue;
import org.springframework.stereotype.Component;

import dev.aftermath.web.FieldError;
import dev.aftermath.web.InputLimits;

/**
 * No input can make a String variable longer than the engine's column ({@link InputLimits#STRING_VARIABLE}
 * characters): a longer value is refused when it is set, as a {@link RejectedInputException} naming the variable, so
 * {@code /engine-rest} and Tasklist answer 400 and nothing is written. Without this the database refuses the value at
 * flush time and the client gets a server error. Long text belongs in Aftermath's tables or in Json variables.
 */
@Component
public class BoundedStringVariables extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<TypedValueSerializer> serializers = configuration.getCustomPreVariableSerializers() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreVariableSerializers());
        serializers.add(new Bounded());
        configuration.setCustomPreVariableSerializers(serializers);
    }

    /** Camunda's String serializer (same name, same storage) that refuses values beyond the column. */
    static class Bounded extends StringValueSerializer {
        @Override
        public void writeValue(StringValue value, ValueFields valueFields) {
            String text = value.getValue();
            if (text != null && text.length() > InputLimits.STRING_VARIABLE) {
                throw new RejectedInputException(List.of(new FieldError(valueFields.getName(), "must be at most "
                        + InputLimits.STRING_VARIABLE + " characters (was " + text.length() + ")")));
            }
            super.writeValue(value, valueFields);
        }
    }
}
