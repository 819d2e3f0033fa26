package io.chaperone.audit;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AuditModelTest {

    @Test
    void shouldClassifyEveryKindAsCatalogued() {
        Set<String> c1 = Set.of("session.requested", "session.approved", "session.denied", "session.cancelled",
                "session.activated", "session.deactivated", "session.suspended", "session.resumed", "session.ended",
                "session.revoked", "session.expired", "escalation.requested", "escalation.approved",
                "escalation.denied", "ticket.issued", "ticket.used", "command", "home.erased", "attestation.passed",
                "attestation.failed",
                "session.killed", "hub.killed", "hub.kill_lifted", "home.erasure_requested", "home.exported",
                "support_ticket.opened", "support_ticket.state_changed", "provider.created", "template.created",
                "hub.claim_issued", "hub.enrolled", "hub.removed", "hub.certificate_revoked",
                "attestation_baseline.registered", "vendor_key.registered",
                "session.closed", "report.generated", "support_ticket.resolved",
                "household.invited", "household.invitation_cancelled", "household.joined", "household.member_removed",
                "household.member_left", "household.rights_changed", "never_grant.added", "never_grant.removed",
                "extension.requested", "extension.approved", "extension.denied", "consent.receipt",
                "access_review.generated", "access_review.revoke_all", "logging_choice.changed",
                "data_class.revealed", "data_class.hidden", "anomaly.flagged", "template.revised", "session_feedback.given");
        Set<String> c2 = Set.of("result", "output", "device.event", "hub.connected", "hub.disconnected",
                "command.abandoned", "command.denied", "upgrade.refused");

        assertEquals(c1, names(AuditClass.C1));
        assertEquals(c2, names(AuditClass.C2));
        assertEquals(AuditKind.values().length, c1.size() + c2.size());
    }

    @Test
    void shouldFindAKindByItsWireNameOnly() {
        assertEquals(Optional.of(AuditKind.COMMAND_DENIED), AuditKind.fromWireName("command.denied"));
        assertEquals(Optional.empty(), AuditKind.fromWireName("COMMAND_DENIED"));
    }

    @Test
    void shouldKeepMillisecondsOfTheEventTime() {
        AuditRecord r = AuditRecord.of(UUID.randomUUID(), UUID.randomUUID(),
                Instant.parse("2026-01-01T00:00:00.999999999Z"), "system", AuditKind.SESSION_EXPIRED);

        assertEquals(Instant.parse("2026-01-01T00:00:00.999Z"), r.at());
        assertNull(r.detail());
    }

    @Test
    void shouldRefuseARecordWithoutChain() {
        assertThrows(NullPointerException.class,
                () -> AuditRecord.of(null, UUID.randomUUID(), Instant.now(), "system", AuditKind.COMMAND));
    }

    @Test
    void shouldStoreDetailsInClearWithZeroHashesOnlyWhenIntegrityIsSwitchedOffForABenchmark() {
        PendingRecord p = PendingRecord.buffered(AuditFixtures.output(UUID.randomUUID(), "c-1"));
        p.seq = 7;
        AuditBatch batch = new AuditBatch(java.util.List.of(p));

        batch.unchained();

        assertTrue(batch.chained);
        assertEquals("{\"chunk\":\"line\"}", p.stored.detail());
        assertEquals(7, p.stored.seq());
        assertArrayEquals(new byte[32], p.hash);
        assertArrayEquals(new byte[32], p.prevHash);
    }

    @Test
    void shouldRefuseTheIntegrityBenchmarkSwitchOutsideTheDevelopmentProfiles() {
        assertThrows(IllegalStateException.class, () -> io.chaperone.ops.BenchmarkGuard.refuseOutsideDevelopment(
                java.util.List.of("prod"), false, "chaperone.audit.benchmark.integrity-enabled"));
        assertThrows(IllegalStateException.class, () -> io.chaperone.ops.BenchmarkGuard.refuseOutsideDevelopment(
                java.util.List.of("bench"), false, "chaperone.audit.benchmark.integrity-enabled"));
        io.chaperone.ops.BenchmarkGuard.refuseOutsideDevelopment(java.util.List.of("prod"), true, "x");
        io.chaperone.ops.BenchmarkGuard.refuseOutsideDevelopment(java.util.List.of("dev", "bench"), false, "x");
    }

    @Test
    void shouldReplaceOnlyNulCharactersInText() {
        assertEquals("a\uFFFDb", AuditBatch.text("a\u0000b"));
        assertEquals("plain", AuditBatch.text("plain"));
        assertNull(AuditBatch.text(null));
    }

    private static Set<String> names(AuditClass auditClass) {
        return Arrays.stream(AuditKind.values()).filter(k -> k.auditClass() == auditClass)
                .map(AuditKind::wireName).collect(Collectors.toSet());
    }
}
