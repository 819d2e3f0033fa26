package io.chaperone.audit;

import java.time.Instant;
import java.util.UUID;

/** Small record builders for the audit tests. */
final class AuditFixtures {

    static final UUID HOME = UUID.fromString("00000000-0000-0000-0000-00000000a0d1");

    private AuditFixtures() {
    }

    static AuditRecord command(UUID chainId, String correlationId) {
        return new AuditRecord(chainId, HOME, Instant.now(), "tech-1", AuditKind.COMMAND, "thermostat-1",
                "diag.read", "forwarded", correlationId, null);
    }

    static AuditRecord output(UUID chainId, String correlationId) {
        return new AuditRecord(chainId, HOME, Instant.now(), "hub:1", AuditKind.OUTPUT, "thermostat-1",
                "logs.read", "ok", correlationId, "{\"chunk\":\"line\"}");
    }
}
