package io.chaperone.consent;

import io.chaperone.policy.DataClass;
import io.chaperone.policy.Operation;
import io.chaperone.web.ProblemException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The domain methods the session lifecycle relies on (no database needed). */
class SessionTemplateTest {

    private static final Duration GLOBAL_MAX = Duration.ofHours(4);
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private final SessionTemplate template = SessionTemplate.define(new SessionTemplateSpec("Network", null,
            List.of("net.test", "config.write"), List.of("wifi", "light"), 120, List.of("secret"), 30), GLOBAL_MAX, NOW);

    @Test
    void shouldExposeItsOperationsKindsRedactionAndDuration() {
        assertEquals(Set.of(Operation.NET_TEST, Operation.CONFIG_WRITE), template.operations());
        assertEquals(Set.of("wifi", "light"), template.kinds());
        assertEquals(Set.of(DataClass.SECRET), template.redactedByDefault());
        assertEquals(Duration.ofMinutes(120), template.maxDuration());
        assertEquals(NOW, template.createdAt);
    }

    @Test
    void shouldAllowOnlyItsOperationsOnItsDeviceKinds() {
        assertTrue(template.allows("wifi", Operation.CONFIG_WRITE));
        assertTrue(template.allows("light", Operation.NET_TEST));
        assertFalse(template.allows("camera", Operation.NET_TEST));
        assertFalse(template.allows("wifi", Operation.FIRMWARE_UPDATE));
        assertFalse(template.allows("Wifi", Operation.CONFIG_WRITE));
        assertFalse(template.allows(null, Operation.NET_TEST));
        assertFalse(template.allows("wifi", null));
    }

    @Test
    void shouldRefuseTheGatewaysOwnConfigRestoreInATemplate() {
        ProblemException e = assertThrows(ProblemException.class, () -> SessionTemplate.define(new SessionTemplateSpec(
                "x", null, List.of("config.write", "config.restore"), List.of("wifi"), 10, List.of(), 1), GLOBAL_MAX, NOW));

        assertEquals("unknown_operation", e.code());
    }

    @Test
    void shouldNameTheUnknownOperation() {
        ProblemException e = assertThrows(ProblemException.class, () -> SessionTemplate.define(new SessionTemplateSpec(
                "x", null, List.of("diag.write"), List.of("wifi"), 10, List.of(), 1), GLOBAL_MAX, NOW));

        assertEquals("unknown_operation", e.code());
        assertEquals("unknown operation 'diag.write'", e.getMessage());
    }

    @Test
    void shouldMeasureTheGlobalMaximumInMinutes() {
        SessionTemplate atMax = SessionTemplate.define(new SessionTemplateSpec(
                "x", null, List.of("diag.read"), List.of("wifi"), 240, List.of(), 1), GLOBAL_MAX, NOW);
        ProblemException over = assertThrows(ProblemException.class, () -> SessionTemplate.define(new SessionTemplateSpec(
                "x", null, List.of("diag.read"), List.of("wifi"), 241, List.of(), 1), GLOBAL_MAX, NOW));

        assertEquals(Duration.ofHours(4), atMax.maxDuration());
        assertEquals("duration_exceeds_global_max", over.code());
    }
}
