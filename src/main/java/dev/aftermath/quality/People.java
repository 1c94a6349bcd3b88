package dev.aftermath.quality;

import java.util.Set;

/** What the gate needs to know about people: who exists, which ids are groups, and names to recognise in text. */
public interface People {

    boolean isUser(String id);

    boolean isGroup(String id);

    /** User ids, first names and full names, lower case. */
    Set<String> names();
}
