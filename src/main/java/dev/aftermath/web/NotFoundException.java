package dev.aftermath.web;

/**
 * An id that names nothing: answered as HTTP 404 problem details. What a user may not see answers exactly like what
 * does not exist: both paths of an endpoint use the same factory below, so the text tells nothing about which it was.
 */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }

    /** An incident that does not exist, or that the caller may not see. */
    public static NotFoundException incident(String incidentId) {
        return new NotFoundException("No incident with id '" + incidentId + "'");
    }

    /** A post-mortem (or one of its documents) that does not exist, or that the caller may not see. */
    public static NotFoundException postmortem(String incidentId) {
        return new NotFoundException("No post-mortem for incident '" + incidentId + "'");
    }

    /** A post-mortem lifecycle that is not running, or whose incident the caller may not see. */
    public static NotFoundException runningPostmortem(String incidentId) {
        return new NotFoundException("No running post-mortem for incident '" + incidentId + "'");
    }

    /** An action item that does not exist, or whose incident the caller may not see. */
    public static NotFoundException actionItem(String itemId) {
        return new NotFoundException("No action item '" + itemId + "'");
    }

    /** A library page of a post-mortem that is not published, or that the caller may not see. */
    public static NotFoundException publishedPostmortem(String incidentId) {
        return new NotFoundException("No published post-mortem for incident '" + incidentId + "'");
    }
}
