package dev.aftermath.web;

import java.util.function.Supplier;

/**
 * A write that collided with another at the same moment ({@link Problems#isCollision}) is tried again, a bounded
 * number of times, on what the other one left; the last collision is answered 409 ({@link Problems#collision}).
 * Only for writes that happen in one transaction, so that a collision rolls back all of the attempt.
 */
public final class Collisions {

    /** How often a write is tried in all. */
    public static final int ATTEMPTS = 3;

    private Collisions() {
    }

    public static <T> T retry(Supplier<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !Problems.isCollision(e)) {
                    throw e;
                }
            }
        }
    }
}
