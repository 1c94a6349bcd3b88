package dev.aftermath.postmortem;

/**
 * The port through which the tool an incident came from hears that its post-mortem was published (implemented by an
 * adapter, e.g. a note on the PagerDuty incident). Called from an asynchronous step with retries; adds its note once.
 */
public interface PublicationNotifier {

    boolean active();

    /** Adds the note (plain text) to the source incident of {@code incidentId}, if it has one; once. */
    void published(String incidentId, String note);
}
