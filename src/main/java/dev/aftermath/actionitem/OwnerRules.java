package dev.aftermath.actionitem;

import java.util.List;
import java.util.function.Predicate;

import dev.aftermath.directory.UserDirectory;
import dev.aftermath.processapi.ActionItemProcess.Vars;
import dev.aftermath.security.CurrentUser;
import dev.aftermath.security.IncidentAccess;
import dev.aftermath.web.FieldError;
import dev.aftermath.web.InputLimits;

/** The rules of an owner change (REST, form or tracker), over plain values. */
final class OwnerRules {

    /** The longest rationale an owner change keeps. */
    static final int MAX_RATIONALE = 2000;

    private OwnerRules() {
    }

    /** A single known user (not a group), as the directory knows them. */
    static Predicate<String> knownUser(UserDirectory directory) {
        return id -> !directory.isGroup(id) && directory.exists(id);
    }

    /** Who may hand an item over: its owner, the tech leads, the engineering managers and administrators. */
    static boolean mayChangeOwner(CurrentUser user, ActionItem item) {
        return user.id().equals(item.owner()) || user.inAnyGroup("tech-leads", "engineering-managers",
                IncidentAccess.ADMIN_GROUP);
    }

    /**
     * The new owner of a form or request: a single known user other than the current owner; else a field error and
     * {@code null}.
     */
    static String newOwner(String value, String currentOwner, String field, Predicate<String> knownUser,
                           List<FieldError> errors) {
        String owner = value == null ? null : value.strip();
        if (owner == null || owner.isEmpty()) {
            errors.add(new FieldError(field, "is required: the user id of the new owner"));
            return null;
        }
        if (owner.contains(",") || owner.contains(" ") || owner.contains(";")
                || InputLimits.badCharacter(owner, false) != null) {
            errors.add(new FieldError(field, "must be a single user"));
            return null;
        }
        if (!knownUser.test(owner)) {
            errors.add(new FieldError(field, "'" + owner + "' is not a known user"));
            return null;
        }
        if (owner.equals(currentOwner)) {
            errors.add(new FieldError(field, "'" + owner + "' already owns the item"));
            return null;
        }
        return owner;
    }

    /** Why the item changes hands: required, at most {@value #MAX_RATIONALE} characters. */
    static void rationale(String rationale, List<FieldError> errors) {
        if (rationale == null || rationale.isBlank()) {
            errors.add(new FieldError(Vars.RATIONALE.name(), "is required: why the item changes hands"));
        } else if (rationale.length() > MAX_RATIONALE) {
            errors.add(new FieldError(Vars.RATIONALE.name(), "must be at most " + MAX_RATIONALE + " characters"));
        } else if (InputLimits.badCharacter(rationale, true) != null) {
            errors.add(new FieldError(Vars.RATIONALE.name(), InputLimits.badCharacter(rationale, true)));
        }
    }
}
