package io.chaperone.consent;

import io.chaperone.identity.Role;

import java.util.Objects;
import java.util.UUID;

/**
 * Who causes a transition: a provisioned person (role + record id + subject) or the gateway
 * itself ({@link #system()}, role {@code null}), e.g. the expiry job.
 */
public record Actor(String subject, Role role, UUID personId) {

    private static final Actor SYSTEM = new Actor("system", null, null);

    public static Actor system() { return SYSTEM; }

    public static Actor resident(String subject, UUID residentId) { return new Actor(subject, Role.RESIDENT, residentId); }

    public static Actor technician(String subject, UUID technicianId) { return new Actor(subject, Role.TECHNICIAN, technicianId); }

    public static Actor ops(String subject, UUID operatorId) { return new Actor(subject, Role.OPS, operatorId); }

    /** A caller known by its token only, before its person record is looked up (personId null). */
    public static Actor claimed(String subject, Role role) { return new Actor(subject, Objects.requireNonNull(role), null); }

    public boolean isSystem() { return role == null; }

    public boolean is(Role expected) { return role == expected; }
}
