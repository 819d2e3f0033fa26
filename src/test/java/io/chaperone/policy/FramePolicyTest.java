package io.chaperone.policy;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FramePolicyTest {

    private static final Instant EXPIRES_AT = Instant.parse("2026-03-01T12:00:00Z");
    private static final long END = EXPIRES_AT.toEpochMilli();
    private static final long NANOS = 1_000_000_000L;

    private final SessionGrant grant = SessionGrant.compile(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
            new Scope(1, List.of(
                    new Scope.Grant(Set.of("thermostat-1"), Set.of(Operation.DIAG_READ, Operation.CONFIG_READ)),
                    new Scope.Grant(Set.of("wifi-1"), Set.of(Operation.NET_TEST)))),
            EXPIRES_AT, Set.of(), new RateLimit(60, 3), new byte[32]);

    private Decision judge(long nowMillis, String device, Operation op, TokenBucket bucket, long nowNanos) {
        return FramePolicy.judge(grant, true, nowMillis, device, op, true, bucket, nowNanos);
    }

    private TokenBucket bucket() {
        return grant.newBucket(0);
    }

    @Test
    void shouldAllowPermittedCommandOneMillisecondBeforeExpiry() {
        assertSame(Decision.ALLOW, judge(END - 1, "thermostat-1", Operation.DIAG_READ, bucket(), 0));
    }

    @Test
    void shouldDenyAsExpiredExactlyAtExpiry() {
        assertSame(DenyReason.EXPIRED.decision(), judge(END, "thermostat-1", Operation.DIAG_READ, bucket(), 0));
    }

    @Test
    void shouldDenyAsExpiredOneMillisecondAfterExpiry() {
        assertSame(DenyReason.EXPIRED.decision(), judge(END + 1, "thermostat-1", Operation.DIAG_READ, bucket(), 0));
    }

    @Test
    void shouldDenyDeviceOutsideScope() {
        Decision decision = FramePolicy.judge(grant, true, END - 1000, "camera-1", Operation.DIAG_READ, true, bucket(), 0);

        assertSame(DenyReason.OUT_OF_SCOPE.decision(), decision);
        assertTrue(((Decision.Deny) decision).reason().escalatable());
    }

    @Test
    void shouldDenyOperationOutsideScopeOnPermittedDevice() {
        assertSame(DenyReason.OUT_OF_SCOPE.decision(),
                judge(END - 1000, "thermostat-1", Operation.CONFIG_WRITE, bucket(), 0));
        assertSame(DenyReason.OUT_OF_SCOPE.decision(),
                judge(END - 1000, "wifi-1", Operation.DIAG_READ, bucket(), 0));
    }

    @Test
    void shouldDenyUnknownOperationAsOutOfScope() {
        assertSame(DenyReason.OUT_OF_SCOPE.decision(), judge(END - 1000, "thermostat-1", null, bucket(), 0));
    }

    @Test
    void shouldDenyDeviceTheHubDoesNotReport() {
        Decision decision = FramePolicy.judge(grant, true, END - 1000, "thermostat-1", Operation.DIAG_READ,
                false, bucket(), 0);

        assertSame(DenyReason.DEVICE_UNKNOWN.decision(), decision);
    }

    @Test
    void shouldDenyWhenSessionIsNotActiveOrHasNoGrant() {
        assertSame(DenyReason.SESSION_NOT_ACTIVE.decision(), FramePolicy.judge(grant, false, END - 1000,
                "thermostat-1", Operation.DIAG_READ, true, bucket(), 0));
        assertSame(DenyReason.SESSION_NOT_ACTIVE.decision(), FramePolicy.judge(null, true, END - 1000,
                "thermostat-1", Operation.DIAG_READ, true, bucket(), 0));
    }

    @Test
    void shouldCheckStateBeforeExpiryBeforeDeviceBeforeScope() {
        assertSame(DenyReason.SESSION_NOT_ACTIVE.decision(),
                FramePolicy.judge(grant, false, END, "nope", Operation.HUB_REBOOT, false, bucket(), 0));
        assertSame(DenyReason.EXPIRED.decision(),
                FramePolicy.judge(grant, true, END, "nope", Operation.HUB_REBOOT, false, bucket(), 0));
        assertSame(DenyReason.DEVICE_UNKNOWN.decision(),
                FramePolicy.judge(grant, true, END - 1, "nope", Operation.HUB_REBOOT, false, bucket(), 0));
    }

    @Test
    void shouldRateLimitAfterBurstAndAllowAgainAfterRefill() {
        TokenBucket bucket = bucket();
        for (int i = 0; i < 3; i++) {
            assertSame(Decision.ALLOW, judge(END - 1000, "thermostat-1", Operation.DIAG_READ, bucket, 0));
        }

        assertSame(DenyReason.RATE_LIMITED.decision(), judge(END - 1000, "thermostat-1", Operation.DIAG_READ, bucket, 0));
        // 60/min = one token per second
        assertSame(DenyReason.RATE_LIMITED.decision(),
                judge(END - 1000, "thermostat-1", Operation.DIAG_READ, bucket, NANOS - 1));
        assertSame(Decision.ALLOW, judge(END - 1000, "thermostat-1", Operation.DIAG_READ, bucket, NANOS));
        assertSame(DenyReason.RATE_LIMITED.decision(),
                judge(END - 1000, "thermostat-1", Operation.DIAG_READ, bucket, NANOS));
    }

    @Test
    void shouldNotSpendTokensOnRefusedCommands() {
        TokenBucket bucket = bucket();
        for (int i = 0; i < 10; i++) {
            judge(END - 1000, "camera-1", Operation.DIAG_READ, bucket, 0);
        }

        assertEquals(3, bucket.available(0));
    }

    @Test
    void shouldReturnTheSameDecisionObjectsEveryTime() {
        Decision first = judge(END, "thermostat-1", Operation.DIAG_READ, bucket(), 0);
        Decision second = judge(END + 5, "thermostat-1", Operation.DIAG_READ, bucket(), 0);

        assertSame(first, second);
        assertSame(Decision.ALLOW, judge(END - 1, "thermostat-1", Operation.DIAG_READ, bucket(), 0));
        for (DenyReason reason : DenyReason.values()) {
            assertSame(reason.decision(), Decision.deny(reason));
            assertSame(reason, reason.decision().reason());
            assertFalse(reason.decision().allowed());
        }
        assertTrue(Decision.ALLOW.allowed());
    }

    @Test
    void shouldExposeStableWireCodesAndOnlyOutOfScopeEscalatable() {
        assertEquals(List.of("out_of_scope", "expired", "rate_limited", "audit_unavailable", "device_unknown",
                        "hub_offline", "session_not_active", "hub_quarantined", "update_unsigned", "update_signature_invalid",
                        "update_wrong_model", "update_downgrade", "duplicate_id"),
                java.util.Arrays.stream(DenyReason.values()).map(DenyReason::code).toList());
        assertEquals(List.of(DenyReason.OUT_OF_SCOPE),
                java.util.Arrays.stream(DenyReason.values()).filter(DenyReason::escalatable).toList());
    }
}
