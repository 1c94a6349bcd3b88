package dev.aftermath.web;

/** An id that names nothing: answered as HTTP 404 problem details. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
