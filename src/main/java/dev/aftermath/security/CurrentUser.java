package dev.aftermath.security;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

/** The authenticated caller of an Aftermath API request (set by {@link ApiAuthenticationFilter}). */
public record CurrentUser(String id, List<String> groups) {

    static final String ATTRIBUTE = CurrentUser.class.getName();

    public static CurrentUser of(HttpServletRequest request) {
        CurrentUser user = (CurrentUser) request.getAttribute(ATTRIBUTE);
        if (user == null) {
            throw new IllegalStateException("No authenticated user on " + request.getRequestURI());
        }
        return user;
    }

    public boolean inAnyGroup(String... ids) {
        for (String id : ids) {
            if (groups.contains(id)) {
                return true;
            }
        }
        return false;
    }
}
