package dev.aftermath.directory;

import java.util.List;
import java.util.Map;

import jakarta.annotation.PostConstruct;

import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Creates the groups the diagrams address and the Tasklist filters (every profile) and, in the default profile only,
 * the demo users of the README walkthrough. With a read-only directory (identity mode {@code ldap}) users and groups
 * come from the directory: only the filters are created.
 */
@Component
public class DirectorySetup {

    private static final Logger LOG = LoggerFactory.getLogger(DirectorySetup.class);

    /** The Tasklist filters everyone may read (see {@code security.AuthorizationSetup}). */
    public static final String MY_TASKS = "My tasks";
    public static final String MY_GROUPS_TASKS = "My groups' tasks";

    /** Demo users: id (= password), first name, last name, groups. */
    static final List<DemoUser> DEMO_USERS = List.of(
            new DemoUser("jordan", "Jordan", "Commander", List.of(Groups.INCIDENT_COMMANDERS, Groups.ENGINEERING)),
            new DemoUser("priya", "Priya", "Author", List.of(Groups.ENGINEERING)),
            new DemoUser("carlos", "Carlos", "Facilitator", List.of(Groups.ENGINEERING)),
            new DemoUser("mia", "Mia", "Techlead", List.of(Groups.TECH_LEADS, Groups.ENGINEERING)),
            new DemoUser("sam", "Sam", "Manager", List.of(Groups.ENGINEERING_MANAGERS, Groups.ENGINEERING)),
            new DemoUser("alex", "Alex", "Engineer", List.of(Groups.ENGINEERING)),
            new DemoUser("sasha", "Sasha", "Security", List.of(Groups.SECURITY)));

    private final IdentityService identityService;
    private final FilterService filterService;
    private final TaskService taskService;
    private final boolean demoUsers;

    public DirectorySetup(IdentityService identityService, FilterService filterService, TaskService taskService,
                          @Value("${aftermath.demo.users-enabled:false}") boolean demoUsers) {
        this.identityService = identityService;
        this.filterService = filterService;
        this.taskService = taskService;
        this.demoUsers = demoUsers;
    }

    @PostConstruct
    public void setUp() {
        boolean readOnly = identityService.isReadOnly();
        if (!readOnly) {
            Groups.ALL.forEach(this::ensureGroup);
        }
        ensureFilter(MY_TASKS, 1, taskService.createTaskQuery().taskAssigneeExpression("${currentUser()}"));
        ensureFilter(MY_GROUPS_TASKS, 2, taskService.createTaskQuery()
                .taskCandidateGroupInExpression("${currentUserGroups()}").taskUnassigned());
        if (!demoUsers) {
            return;
        }
        if (readOnly) {
            LOG.info("No demo users: the directory is read-only (people and groups come from it)");
            return;
        }
        for (DemoUser demo : DEMO_USERS) {
            if (identityService.createUserQuery().userId(demo.id()).count() == 0) {
                User user = identityService.newUser(demo.id());
                user.setFirstName(demo.firstName());
                user.setLastName(demo.lastName());
                user.setEmail(demo.id() + "@aftermath.example");
                user.setPassword(demo.id());
                try {
                    identityService.saveUser(user);
                    LOG.info("Created demo user '{}' (password '{}')", demo.id(), demo.id());
                } catch (RuntimeException raced) {
                    // another node starting at the same moment created it
                    if (identityService.createUserQuery().userId(demo.id()).count() == 0) {
                        throw raced;
                    }
                }
            }
            demo.groups().forEach(g -> ensureMembership(demo.id(), g));
        }
    }

    /** Tasklist filters besides Camunda's "All tasks": what is mine, and what my groups may claim. */
    private void ensureFilter(String name, int priority, TaskQuery query) {
        if (filterService.createFilterQuery().filterName(name).count() == 0) {
            Filter filter = filterService.newTaskFilter(name).setQuery(query)
                    .setProperties(Map.of("priority", priority, "description", name, "refresh", true));
            filterService.saveFilter(filter);
        }
    }

    private void ensureGroup(String id) {
        if (identityService.createGroupQuery().groupId(id).count() == 0) {
            Group group = identityService.newGroup(id);
            group.setName(id);
            group.setType("WORKFLOW");
            try {
                identityService.saveGroup(group);
            } catch (RuntimeException raced) {
                // another node starting at the same moment created it
                if (identityService.createGroupQuery().groupId(id).count() == 0) {
                    throw raced;
                }
            }
        }
    }

    private void ensureMembership(String userId, String groupId) {
        if (identityService.createUserQuery().userId(userId).memberOfGroup(groupId).count() == 0) {
            try {
                identityService.createMembership(userId, groupId);
            } catch (RuntimeException raced) {
                if (identityService.createUserQuery().userId(userId).memberOfGroup(groupId).count() == 0) {
                    throw raced;
                }
            }
        }
    }

    record DemoUser(String id, String firstName, String lastName, List<String> groups) {
    }
}
