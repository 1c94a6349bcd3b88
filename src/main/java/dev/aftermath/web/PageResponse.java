package dev.aftermath.web;

import java.util.List;

/** One page of a list endpoint: {@code {items, page, size, total}}. */
public record PageResponse<T>(List<T> items, int page, int size, long total) {

    public static final int MAX_SIZE = 200;

    /** Checks paging parameters: 0 ≤ page ≤ {@link InputLimits#MAX_PAGE}, 1 ≤ size ≤ 200; a bad one is a 400 naming it. */
    public static void check(int page, int size) {
        List<FieldError> errors = new java.util.ArrayList<>();
        check(page, size, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Invalid paging", errors);
        }
    }

    /** The same checks, adding to the caller's list of bad fields. */
    public static void check(int page, int size, List<FieldError> errors) {
        if (page < 0 || page > InputLimits.MAX_PAGE) {
            errors.add(new FieldError("page", "must be between 0 and " + InputLimits.MAX_PAGE));
        }
        if (size < 1 || size > MAX_SIZE) {
            errors.add(new FieldError("size", "must be between 1 and " + MAX_SIZE));
        }
    }
}
