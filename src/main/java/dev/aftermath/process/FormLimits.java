package dev.aftermath.process;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.aftermath.web.FieldError;
import dev.aftermath.web.InputLimits;

/** The length limits of the task forms' free-text fields ({@link InputLimits#TASK_TEXT}), checked on completion. */
public final class FormLimits {

    private FormLimits() {
    }

    /**
     * Checks every free-text field the variables hold (a value that is not text is left to the form's own rules).
     *
     * @param variable the variable of that name, or null
     */
    public static void check(Function<String, Object> variable, List<FieldError> errors) {
        for (Map.Entry<String, Integer> limit : InputLimits.TASK_TEXT.entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            if (variable.apply(limit.getKey()) instanceof String text) {
                InputLimits.text(limit.getKey(), text, limit.getValue(),
                        !InputLimits.SINGLE_LINE.contains(limit.getKey()), errors);
            }
        }
    }
}
