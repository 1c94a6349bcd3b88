package dev.aftermath.process;

import java.util.List;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.BadUserRequestException;

import dev.aftermath.web.FieldError;
import dev.aftermath.web.InvalidInputException;

/**
 * Thrown by a task or start listener when the submitted variables break a rule of the form. The engine rolls the
 * completion back (the task stays open), Tasklist shows the message, and the engine REST API answers 400.
 */
public class RejectedInputException extends BadUserRequestException {

    private final List<FieldError> errors;

    public RejectedInputException(List<FieldError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public static RejectedInputException of(InvalidInputException e) {
        return new RejectedInputException(e.errors());
    }

    public List<FieldError> errors() {
        return errors;
    }
}
