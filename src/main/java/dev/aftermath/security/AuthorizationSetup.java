package dev.aftermath.security;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.PostConstruct;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.aftermath.directory.DirectorySetup;

/**
 * The Camunda authorizations Aftermath grants (authorizations are on in every profile). Everything not granted here is
 * refused by the engine: deleting or modifying instances, changing variables of running instances, deploying,
 * managing users, groups and memberships, Cockpit and Admin are for {@code camunda-admin} only.
 *
 * <p>Tasks are not granted here: the engine gives each task's assignee, candidate users and candidate groups
 * {@code READ} and {@code TASK_WORK} on that task as it creates it ({@code defaultUserPermissionNameForTask}), which
 * allows reading, claiming, completing and commenting, but not re-assigning it to someone else or changing its
 * variables outside a completion.
 *
 * <p>The grants are created at start-up, idempotently: an existing grant is completed with missing permissions, and
 * when two nodes start at once on an empty database the loser of the unique constraint on
 * {@code ACT_RU_AUTHORIZATION} (type, user or group, resource type, resource id) reads the winner's row and goes on.
 * {@code README.md} has the same table.
 */
@Component
public class AuthorizationSetup {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationSetup.class);
    private static final int ATTEMPTS = 5;

    /** Everyone: a GLOBAL authorization (user id {@code *}). */
    public static final String EVERYONE = Authorization.ANY;

    /** The process every incident commander may start (from Tasklist and {@code POST /api/incidents}). */
    static final String POSTMORTEM_PROCESS = "postmortem";

    private final AuthorizationService authorizations;
    private final FilterService filters;

    /** {@code directory} creates the groups and Tasklist filters first: the filter grants need their ids. */
    public AuthorizationSetup(AuthorizationService authorizations, FilterService filters, DirectorySetup directory) {
        this.authorizations = authorizations;
        this.filters = filters;
    }

    /**
     * One row of the grant table.
     *
     * @param group       the group granted, or {@link #EVERYONE} for a GLOBAL grant
     * @param resource    the Camunda resource type
     * @param resourceId  a resource id or {@code *}
     * @param permissions what is allowed
     * @param why         what it is for (the README's column)
     */
    public record Grant(String group, Resource resource, String resourceId, List<Permission> permissions,
                        String why) {

        boolean global() {
            return EVERYONE.equals(group);
        }
    }

    /** The grants, with the Tasklist filters' ids as they are in this database. */
    public List<Grant> grants() {
        List<Grant> grants = new ArrayList<>();
        grants.add(new Grant(EVERYONE, Resources.APPLICATION, "tasklist", List.of(Permissions.ACCESS),
                "open Tasklist"));
        for (String name : List.of(DirectorySetup.MY_TASKS, DirectorySetup.MY_GROUPS_TASKS)) {
            for (Filter filter : filters.createFilterQuery().filterName(name).list()) {
                grants.add(new Grant(EVERYONE, Resources.FILTER, filter.getId(), List.of(Permissions.READ),
                        "Tasklist filter \"" + name + "\""));
            }
        }
        grants.add(new Grant(dev.aftermath.directory.Groups.INCIDENT_COMMANDERS, Resources.PROCESS_DEFINITION,
                POSTMORTEM_PROCESS, List.of(Permissions.READ, ProcessDefinitionPermissions.CREATE_INSTANCE),
                "start a post-mortem (Tasklist start form, POST /api/incidents)"));
        grants.add(new Grant(dev.aftermath.directory.Groups.INCIDENT_COMMANDERS, Resources.PROCESS_INSTANCE,
                Authorization.ANY, List.of(Permissions.CREATE), "the instance such a start creates"));
        for (Resource resource : Resources.values()) {
            grants.add(new Grant(Groups.CAMUNDA_ADMIN, resource, Authorization.ANY, List.of(Permissions.ALL),
                    "administrators: everything (Cockpit, Admin, deployments, migration, deleting instances)"));
        }
        return grants;
    }

    @PostConstruct
    public void grantAll() {
        for (Grant grant : grants()) {
            ensure(grant);
        }
    }

    private void ensure(Grant grant) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                Authorization existing = find(grant);
                if (existing == null) {
                    Authorization created = authorizations.createNewAuthorization(
                            grant.global() ? Authorization.AUTH_TYPE_GLOBAL : Authorization.AUTH_TYPE_GRANT);
                    if (grant.global()) {
                        created.setUserId(Authorization.ANY);
                    } else {
                        created.setGroupId(grant.group());
                    }
                    created.setResource(grant.resource());
                    created.setResourceId(grant.resourceId());
                    grant.permissions().forEach(created::addPermission);
                    authorizations.saveAuthorization(created);
                    LOG.info("Granted {} {} on {} {}", grant.group(), grant.permissions(), grant.resource().resourceName(),
                            grant.resourceId());
                } else if (grant.permissions().stream().anyMatch(p -> !existing.isPermissionGranted(p))) {
                    grant.permissions().forEach(existing::addPermission);
                    authorizations.saveAuthorization(existing);
                }
                return;
            } catch (RuntimeException raced) {
                // another node inserted the same grant (unique constraint) or updated it (optimistic lock) meanwhile:
                // read it again
                last = raced;
                LOG.debug("Grant {} raced with another node (attempt {}): {}", grant, attempt, raced.toString());
            }
        }
        throw new IllegalStateException("Could not create the grant " + grant, last);
    }

    private Authorization find(Grant grant) {
        var query = authorizations.createAuthorizationQuery()
                .resourceType(grant.resource()).resourceId(grant.resourceId());
        if (grant.global()) {
            query.authorizationType(Authorization.AUTH_TYPE_GLOBAL);
        } else {
            query.authorizationType(Authorization.AUTH_TYPE_GRANT).groupIdIn(grant.group());
        }
        return query.list().stream().findFirst().orElse(null);
    }
}
