package io.chaperone.policy;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionGrantTest {

    private static final Instant END = Instant.parse("2026-03-01T12:00:00Z");

    private static SessionGrant grant(Scope scope, Set<DataClass> reveal) {
        return SessionGrant.compile(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), scope, END, reveal,
                RateLimit.forExpectedRate(30), new byte[32]);
    }

    @Test
    void shouldPermitExactlyThePairsOfTheScope() {
        Scope scope = new Scope(2, List.of(
                new Scope.Grant(Set.of("thermostat-1", "light-1"), Set.of(Operation.DIAG_READ)),
                new Scope.Grant(Set.of("light-1"), Set.of(Operation.CONFIG_WRITE))));

        SessionGrant grant = grant(scope, Set.of());

        for (String device : List.of("thermostat-1", "light-1", "camera-1")) {
            for (Operation op : Operation.values()) {
                assertEquals(scope.permits(device, op), grant.permits(device, op), device + " " + op);
            }
        }
        assertTrue(grant.permits("light-1", Operation.CONFIG_WRITE));
        assertFalse(grant.permits("thermostat-1", Operation.CONFIG_WRITE));
        assertFalse(grant.permits(null, Operation.DIAG_READ));
        assertEquals(2, grant.scopeVersion());
        assertEquals(END.toEpochMilli(), grant.expiresAtMillis());
    }

    @Test
    void shouldKeepItsRevealSetToItself() {
        SessionGrant grant = grant(Scope.empty(), Set.of(DataClass.NETWORK));

        grant.reveal().add(DataClass.SECRET);

        assertTrue(grant.reveals(DataClass.NETWORK));
        assertFalse(grant.reveals(DataClass.SECRET));
    }

    @Test
    void shouldEscalateToWiderScopeWithoutExtendingTheEnd() {
        Scope v1 = new Scope(1, List.of(new Scope.Grant(Set.of("thermostat-1"), Set.of(Operation.DIAG_READ))));
        Scope v2 = v1.union(new Scope(0, List.of(new Scope.Grant(Set.of("thermostat-1"),
                Set.of(Operation.CONFIG_WRITE)))), 2);
        SessionGrant grant = grant(v1, Set.of());

        SessionGrant escalated = grant.escalated(v2, END.minusSeconds(60));

        assertTrue(escalated.permits("thermostat-1", Operation.CONFIG_WRITE));
        assertFalse(grant.permits("thermostat-1", Operation.CONFIG_WRITE));
        assertEquals(END.minusSeconds(60).toEpochMilli(), escalated.expiresAtMillis());
        assertEquals(grant.sessionId(), escalated.sessionId());
        assertThrows(IllegalArgumentException.class, () -> grant.escalated(v2, END.plusMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> grant.escalated(v1, END));
    }

    @Test
    void shouldDeriveRateWithHeadroomAndMinimumBurst() {
        assertEquals(new RateLimit(60, 10), RateLimit.forExpectedRate(30));
        assertEquals(new RateLimit(2, 5), RateLimit.forExpectedRate(1));
        assertEquals(new RateLimit(600, 100), RateLimit.forExpectedRate(300));
        assertThrows(IllegalArgumentException.class, () -> RateLimit.forExpectedRate(0));
    }
}
