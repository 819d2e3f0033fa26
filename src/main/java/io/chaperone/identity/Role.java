package io.chaperone.identity;

import java.util.Optional;
import java.util.Set;

/** The three roles of the `groups` claim. */
public enum Role {
    RESIDENT("resident"), TECHNICIAN("technician"), OPS("ops");

    private final String claim;

    Role(String claim) { this.claim = claim; }

    public String claim() { return claim; }

    /** The single role named in the groups; a token naming none or several is not usable. */
    public static Optional<Role> fromGroups(Set<String> groups) {
        Role found = null;
        for (Role role : values()) {
            if (groups.contains(role.claim)) {
                if (found != null) {
                    return Optional.empty();
                }
                found = role;
            }
        }
        return Optional.ofNullable(found);
    }
}
