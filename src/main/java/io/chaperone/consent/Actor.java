package io.chaperone.consent;

import io.chaperone.identity.Role;

import java.util.Objects;
import java.util.UUID;

/**
 * Who causes a transition: a provisioned person (role + record id + subject) or the gateway
 * itself ({@link #system()}, role {@code null}), e.g. the expiry job. A technician who calls with a
 * token also carries the provider that token names ({@code providerId}): they act only for that
 * provider's sessions. The relay's technician actor has none: its connect ticket was issued only
 * under a token of the session's provider.
 */
public record Actor(String subject, Role role, UUID personId, UUID providerId) {

    private static final Actor SYSTEM = new Actor("system", null, null, null);

    public static Actor system() { return SYSTEM; }

    public static Actor resident(String subject, UUID residentId) { return new Actor(subject, Role.RESIDENT, residentId, null); }

    /** The technician of a live session, admitted by a connect ticket. */
    public static Actor technician(String subject, UUID technicianId) {
        return new Actor(subject, Role.TECHNICIAN, technicianId, null);
    }

    /** A technician calling with a token that names {@code providerId} (org claim). */
    public static Actor technicianOf(String subject, UUID technicianId, UUID providerId) {
        return new Actor(subject, Role.TECHNICIAN, technicianId, Objects.requireNonNull(providerId));
    }

    public static Actor ops(String subject, UUID operatorId) { return new Actor(subject, Role.OPS, operatorId, null); }

    /** A caller known by its token only, before its person record is looked up (personId null). */
    public static Actor claimed(String subject, Role role) { return new Actor(subject, Objects.requireNonNull(role), null, null); }

    /** Whether this technician may act on a session of {@code sessionProvider}: always the token's provider. */
    public boolean actsFor(UUID sessionProvider) { return providerId == null || providerId.equals(sessionProvider); }

    public boolean isSystem() { return role == null; }

    public boolean is(Role expected) { return role == expected; }
}
