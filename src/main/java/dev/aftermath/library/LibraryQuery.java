package dev.aftermath.library;

import java.time.LocalDate;

/** A search of the library: free text over title, summary and root cause, filters, and the page wanted (0-based). */
public record LibraryQuery(String q, String severity, String service, String causeCategory, LocalDate from,
                           LocalDate to, int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
}
