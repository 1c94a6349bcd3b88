package dev.aftermath.web;

import java.io.IOException;

/**
 * A request body beyond {@code aftermath.max-request-bytes}, noticed while it was read (a chunked body has no length
 * up front). An {@link IOException}, so that every reader gives up at once; answered as HTTP 413.
 */
public class BodyTooLargeException extends IOException {

    private final long limit;

    public BodyTooLargeException(long limit) {
        super("The request body exceeds " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /** Whether {@code t} or one of its causes is a {@link BodyTooLargeException}. */
    public static BodyTooLargeException in(Throwable t) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            if (c instanceof BodyTooLargeException b) {
                return b;
            }
        }
        return null;
    }
}
