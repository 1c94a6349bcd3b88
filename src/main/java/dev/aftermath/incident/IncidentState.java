package dev.aftermath.incident;

/** Where an incident's post-mortem lifecycle stands. */
public enum IncidentState {
    /** Closed and received; the policy has not decided yet. */
    RECEIVED,
    /** The policy left it to the team: a tech lead decides. */
    AWAITING_TEAM_DECISION,
    /** No post-mortem: the policy or the team said so (the reason is recorded). */
    NO_POSTMORTEM,
    /** A post-mortem is being written, reviewed or approved. */
    POSTMORTEM_IN_PROGRESS,
    /** The post-mortem is published. */
    POSTMORTEM_PUBLISHED
}
