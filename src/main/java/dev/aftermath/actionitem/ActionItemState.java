package dev.aftermath.actionitem;

/** Where an action item stands; set by the steps of the ladder, never computed from the clock. */
public enum ActionItemState {
    OPEN, OVERDUE, DONE, DROPPED;

    public boolean ended() {
        return this == DONE || this == DROPPED;
    }
}
