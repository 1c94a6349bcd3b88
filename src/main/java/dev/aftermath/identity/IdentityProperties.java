package dev.aftermath.identity;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code aftermath.identity.*}: the directory mode and the mapping of directory (or token) groups to Aftermath's
 * roles. {@code groupRoles} maps a role (the Camunda group id the diagrams and authorizations use, see
 * {@code directory.Groups}) to the directory groups whose members hold it; a role without an entry maps to the
 * directory group of the same name.
 */
@ConfigurationProperties("aftermath.identity")
public record IdentityProperties(IdentityMode mode, Map<String, List<String>> groupRoles) {

    public IdentityProperties {
        mode = mode == null ? IdentityMode.INTERNAL : mode;
        groupRoles = groupRoles == null ? Map.of() : Map.copyOf(groupRoles);
    }
}
