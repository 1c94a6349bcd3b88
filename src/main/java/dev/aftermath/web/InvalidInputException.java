package dev.aftermath.web;

import java.util.List;
import java.util.stream.Collectors;

/** Input that cannot be accepted; answered as HTTP 400 problem details naming each field. */
public class InvalidInputException extends RuntimeException {

    private final String title;
    private final List<FieldError> errors;

    public InvalidInputException(String title, List<FieldError> errors) {
        super(title + ": " + errors.stream().map(e -> e.field() + " " + e.message())
                .collect(Collectors.joining("; ")));
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
