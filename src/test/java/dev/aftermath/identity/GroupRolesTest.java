package dev.aftermath.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class GroupRolesTest {

    @Test
    void unmappedRolesAreHeldByTheGroupOfTheirOwnName() {
        GroupRoles roles = new GroupRoles(new IdentityProperties(null, Map.of()));
        assertThat(roles.rolesOf(List.of("tech-leads", "marketing"))).containsExactly("tech-leads");
        assertThat(roles.directoryGroupsOf("camunda-admin")).containsExactly("camunda-admin");
    }

    @Test
    void mappedGroupsConferTheirRolesCaseInsensitively() {
        GroupRoles roles = new GroupRoles(new IdentityProperties(IdentityMode.LDAP, Map.of(
                "tech-leads", List.of("SRE-Leads", "platform-leads"), "engineering", List.of("sre-leads", "eng"))));
        assertThat(roles.rolesOf(List.of("sre-leads"))).containsExactlyInAnyOrder("tech-leads", "engineering");
        assertThat(roles.rolesOf(List.of("tech-leads"))).isEmpty();
        assertThat(roles.directoryGroupsOf("tech-leads")).containsExactly("SRE-Leads", "platform-leads");
    }

    @Test
    void anUnknownRoleIsRefusedByName() {
        assertThatThrownBy(() -> new GroupRoles(new IdentityProperties(IdentityMode.LDAP,
                Map.of("wizards", List.of("x"))))).hasMessageContaining("aftermath.identity.group-roles.wizards");
    }
}
