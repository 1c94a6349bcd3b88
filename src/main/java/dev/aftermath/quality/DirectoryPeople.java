package dev.aftermath.quality;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Component;

import dev.aftermath.directory.UserDirectory;

/** {@link People} from the Camunda users and groups. */
@Component
class DirectoryPeople implements People {

    private final UserDirectory directory;

    DirectoryPeople(UserDirectory directory) {
        this.directory = directory;
    }

    @Override
    public boolean isUser(String id) {
        return directory.exists(id);
    }

    @Override
    public boolean isGroup(String id) {
        return directory.isGroup(id);
    }

    @Override
    public Set<String> names() {
        Set<String> names = new HashSet<>();
        for (User u : directory.users()) {
            add(names, u.getId());
            add(names, u.getFirstName());
            if (u.getFirstName() != null && u.getLastName() != null) {
                add(names, u.getFirstName() + " " + u.getLastName());
            }
        }
        return names;
    }

    private static void add(Set<String> names, String value) {
        if (value != null && value.trim().length() >= 2) {
            names.add(value.trim().toLowerCase(Locale.ROOT));
        }
    }
}
