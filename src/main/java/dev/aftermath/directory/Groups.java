package dev.aftermath.directory;

import java.util.List;

/** The Camunda groups the diagrams address (candidate groups and mail distribution lists). */
public final class Groups {
    public static final String INCIDENT_COMMANDERS = "incident-commanders";
    public static final String TECH_LEADS = "tech-leads";
    public static final String ENGINEERING_MANAGERS = "engineering-managers";
    /** The publication distribution list and the team's standup list. */
    public static final String ENGINEERING = "engineering";
    public static final String CAMUNDA_ADMIN = "camunda-admin";
    /** Sees every restricted post-mortem; receives the broad-list mails of restricted incidents. */
    public static final String SECURITY = "security";

    public static final List<String> ALL = List.of(INCIDENT_COMMANDERS, TECH_LEADS, ENGINEERING_MANAGERS, ENGINEERING, SECURITY);

    private Groups() {
    }
}
