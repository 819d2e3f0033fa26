package io.chaperone.privacy;

import java.util.UUID;

/**
 * Which data key sealed a value, as written in {@code enc:v1:<ref>:…}: {@code s-<session id>} for a
 * session chain, {@code h-<home id>} for the home's own and its hubs' chains.
 */
record KeyRef(boolean session, UUID id) {

    static KeyRef session(UUID sessionId) { return new KeyRef(true, sessionId); }

    static KeyRef home(UUID homeId) { return new KeyRef(false, homeId); }

    static KeyRef parse(String text) {
        if (text.length() != 38 || text.charAt(1) != '-' || (text.charAt(0) != 's' && text.charAt(0) != 'h')) {
            throw new IllegalArgumentException("not a key reference");
        }
        return new KeyRef(text.charAt(0) == 's', UUID.fromString(text.substring(2)));
    }

    @Override
    public String toString() {
        return (session ? "s-" : "h-") + id;
    }
}
