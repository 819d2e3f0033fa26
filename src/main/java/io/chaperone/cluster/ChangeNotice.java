package io.chaperone.cluster;

import io.chaperone.consent.Actor;
import io.chaperone.consent.SessionAction;
import io.chaperone.consent.SessionClosing;
import io.chaperone.identity.Role;

import java.util.Optional;
import java.util.UUID;

/**
 * One notification on the {@value #CHANNEL} channel: ids, states and versions only, '|'-separated (V104 and V130 write the
 * database's own kinds; the gateway writes closings and heartbeats). Unknown or malformed payloads are ignored.
 */
sealed interface ChangeNotice {

    String CHANNEL = "chaperone_changes";
    /** A subject longer than this is not published (the live session then closes on the committed change). */
    int MAX_SUBJECT = 512;

    /** {@code s|session|state|scopeVersion}: committed. */
    record SessionChange(UUID sessionId, String state, int scopeVersion) implements ChangeNotice { }

    /** {@code c|session|ACTION|role|subject}: about to commit; the actor decides whether a live session may be shut. */
    record Closing(UUID sessionId, SessionAction action, Actor actor) implements ChangeNotice { }

    /** {@code h|hub|removed|killed|lifted}: committed. */
    record HubChange(UUID hubId, String what) implements ChangeNotice { }

    /** {@code k|home}: a key of the home (or of its sessions) was destroyed or re-wrapped. */
    record KeysChanged(UUID homeId) implements ChangeNotice { }

    /** {@code l|home|full|minimal}: committed (V130); the home's live feed content. */
    record FeedChoice(UUID homeId, boolean minimal) implements ChangeNotice { }

    /** {@code b|node|sentAtNanos}: a node's heartbeat. */
    record Beat(String node, long sentAt) implements ChangeNotice { }

    static Optional<String> closing(SessionClosing closing) {
        Actor actor = closing.actor();
        String subject = actor.isSystem() ? "" : actor.subject();
        if (subject.length() > MAX_SUBJECT) {
            return Optional.empty();
        }
        return Optional.of("c|" + closing.sessionId() + "|" + closing.action().name() + "|"
                + (actor.isSystem() ? "-" : actor.role().name()) + "|" + subject);
    }

    static String beat(String node, long sentAt) {
        return "b|" + node + "|" + sentAt;
    }

    static Optional<ChangeNotice> parse(String payload) {
        if (payload == null || payload.length() < 2 || payload.charAt(1) != '|') {
            return Optional.empty();
        }
        String[] f = payload.split("\\|", 5);
        try {
            return Optional.ofNullable(switch (payload.charAt(0)) {
                case 's' -> f.length == 4 ? new SessionChange(UUID.fromString(f[1]), f[2], Integer.parseInt(f[3])) : null;
                case 'c' -> f.length == 5 ? new Closing(UUID.fromString(f[1]), SessionAction.valueOf(f[2]), actor(f[3], f[4])) : null;
                case 'h' -> f.length == 3 ? new HubChange(UUID.fromString(f[1]), f[2]) : null;
                case 'k' -> f.length == 2 ? new KeysChanged(UUID.fromString(f[1])) : null;
                case 'l' -> f.length == 3 ? feedChoice(UUID.fromString(f[1]), f[2]) : null;
                case 'b' -> f.length == 3 ? new Beat(f[1], Long.parseLong(f[2])) : null;
                default -> null;
            });
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static FeedChoice feedChoice(UUID homeId, String content) {
        return switch (content) {
            case "minimal" -> new FeedChoice(homeId, true);
            case "full" -> new FeedChoice(homeId, false);
            default -> null;
        };
    }

    private static Actor actor(String role, String subject) {
        return "-".equals(role) ? Actor.system() : Actor.claimed(subject, Role.valueOf(role));
    }
}
