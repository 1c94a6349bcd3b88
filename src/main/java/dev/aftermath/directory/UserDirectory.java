package dev.aftermath.directory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.aftermath.process.SystemCalls;

/**
 * People as Camunda knows them: user profiles (names, e-mail addresses) and group memberships.
 * Recipients are written as user ids or {@code group:<id>}. The directory is read on Aftermath's own behalf
 * ({@link SystemCalls}): a logged-in caller's engine grants do not cover reading other users, yet the application
 * must resolve owners, attendees and recipients for everyone.
 */
@Component
public class UserDirectory {

    public static final String GROUP_PREFIX = "group:";

    private final IdentityService identityService;
    private final SystemCalls system;

    public UserDirectory(IdentityService identityService, SystemCalls system) {
        this.identityService = identityService;
        this.system = system;
    }

    public boolean exists(String userId) {
        return find(userId).isPresent(); // the same read as find's: a closure checks, then names, the same people
    }

    public boolean isGroup(String id) {
        return id != null && !id.isBlank()
                && system.call(() -> identityService.createGroupQuery().groupId(id.trim()).count()) == 1;
    }

    public Optional<User> find(String userId) {
        if (userId == null || userId.isBlank()) {
            return Optional.empty();
        }
        String id = userId.trim();
        return inTransaction("user:" + id, () -> Optional.ofNullable(system.call(() -> identityService
                .createUserQuery().userId(id).singleResult())));
    }

    /** What this transaction already read of the directory: a job names the same people in several places. */
    private static final Object TRANSACTION_READS = new Object();

    /**
     * Reads through a map bound to the current transaction (none outside one): the directory is read once per key and
     * transaction, never across transactions, so a change of a user is seen by the next job or request.
     */
    @SuppressWarnings("unchecked")
    private static <T> T inTransaction(String key, Supplier<T> read) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return read.get();
        }
        Map<String, Object> reads = (Map<String, Object>) TransactionSynchronizationManager.getResource(TRANSACTION_READS);
        if (reads == null) {
            Map<String, Object> bound = new HashMap<>();
            TransactionSynchronizationManager.bindResource(TRANSACTION_READS,
                    bound);
            TransactionSynchronizationManager.registerSynchronization(
                    new TransactionSynchronization() {
                        @Override
                        public void afterCompletion(int status) {
                            TransactionSynchronizationManager.unbindResourceIfPossible(TRANSACTION_READS);
                        }
                    });
            reads = bound;
        }
        if (reads.containsKey(key)) {
            return (T) reads.get(key);
        }
        T value = read.get();
        reads.put(key, value);
        return value;
    }

    /** The one user with this e-mail address (case-insensitive), if there is exactly one. */
    public Optional<User> findByEmail(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        List<User> exact = identityService.createUserQuery().userEmail(email.trim()).list();
        if (exact.size() == 1) {
            return Optional.of(exact.get(0));
        }
        List<User> any = identityService.createUserQuery().list().stream()
                .filter(u -> u.getEmail() != null && u.getEmail().equalsIgnoreCase(email.trim())).toList();
        return any.size() == 1 ? Optional.of(any.get(0)) : Optional.empty();
    }

    public String displayName(String userId) {
        return find(userId).map(u -> {
            String name = ((u.getFirstName() == null ? "" : u.getFirstName()) + " "
                    + (u.getLastName() == null ? "" : u.getLastName())).trim();
            return name.isEmpty() ? u.getId() : name;
        }).orElse(userId);
    }

    public List<User> members(String groupId) {
        return system.call(() -> identityService.createUserQuery().memberOfGroup(groupId).orderByUserId().asc().list());
    }

    /** Every user (for the redaction of names and the quality gate's name check). */
    public List<User> users() {
        return inTransaction("users", () -> List.copyOf(system.call(() -> identityService.createUserQuery().list())));
    }

    public List<String> groupIds(String userId) {
        return system.call(() -> identityService.createGroupQuery().groupMember(userId).list()).stream()
                .map(g -> g.getId()).toList();
    }

    /**
     * Expands recipients (user ids and {@code group:<id>} entries, comma-separated strings allowed) to the users
     * behind them, each once, in the order given. Unknown ids are reported, never silently dropped.
     */
    public Recipients resolve(Collection<String> entries) {
        List<String> ids = new ArrayList<>();
        for (String raw : entries) {
            if (raw == null) {
                continue;
            }
            for (String entry : raw.split(",")) {
                String id = entry.trim();
                if (!id.isEmpty() && !ids.contains(id)) {
                    ids.add(id);
                }
            }
        }
        // the named users in one query, each group's members in one (the group itself is looked up only when empty)
        String[] userIds = ids.stream().filter(id -> !id.startsWith(GROUP_PREFIX)).toArray(String[]::new);
        Map<String, User> named = new LinkedHashMap<>();
        if (userIds.length > 0) {
            system.call(() -> identityService.createUserQuery().userIdIn(userIds).list())
                    .forEach(u -> named.put(u.getId(), u));
        }
        Map<String, User> users = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String id : ids) {
            if (id.startsWith(GROUP_PREFIX)) {
                String group = id.substring(GROUP_PREFIX.length());
                List<User> members = members(group);
                if (members.isEmpty() && !isGroup(group)) {
                    unknown.add(id);
                }
                members.forEach(u -> users.putIfAbsent(u.getId(), u));
            } else if (named.containsKey(id)) {
                users.putIfAbsent(id, named.get(id));
            } else {
                unknown.add(id);
            }
        }
        return new Recipients(List.copyOf(users.values()), List.copyOf(unknown));
    }

    public record Recipients(List<User> users, List<String> unknown) {
    }
}
