package io.chaperone.policy;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** {@link FramePolicy#judgeCommand}: the one decision on a command, its order, and what a system command skips. */
class CommandGatePolicyTest {

    private static final Instant EXPIRES_AT = Instant.parse("2026-03-01T12:00:00Z");
    private static final long END = EXPIRES_AT.toEpochMilli();

    private final SessionGrant grant = SessionGrant.compile(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
            new Scope(1, List.of(new Scope.Grant(Set.of("thermostat-1"),
                    Set.of(Operation.DIAG_READ, Operation.FIRMWARE_UPDATE)))),
            EXPIRES_AT, Set.of(), new RateLimit(60, 1), new byte[32]);
    private final AtomicInteger updateChecks = new AtomicInteger();
    private final FirmwareCheck refusesEveryUpdate = (model, installed, args) -> {
        updateChecks.incrementAndGet();
        return DenyReason.UPDATE_UNSIGNED;
    };

    private static CommandFacts facts(SessionGrant grant, boolean ready, long now, String device, Operation op,
                                      boolean online, boolean trusted, boolean known) {
        return new CommandFacts(grant, ready, now, device, op, null, online, trusted, known, "m", "1.0.0");
    }

    private Decision judge(CommandFacts facts, TokenBucket bucket) {
        return FramePolicy.judgeCommand(facts, refusesEveryUpdate, bucket, 0);
    }

    @Test
    void shouldAllowACommandInScopeOneMillisecondBeforeTheEndOnATrustedOnlineHub() {
        assertSame(Decision.ALLOW, judge(facts(grant, true, END - 1, "thermostat-1", Operation.DIAG_READ, true, true, true),
                grant.newBucket(0)));
    }

    @Test
    void shouldDenyAtTheEndExactly() {
        assertSame(DenyReason.EXPIRED.decision(),
                judge(facts(grant, true, END, "thermostat-1", Operation.DIAG_READ, true, true, true), grant.newBucket(0)));
    }

    @Test
    void shouldDenyBeforeTheSessionStarted() {
        assertSame(DenyReason.SESSION_NOT_ACTIVE.decision(),
                judge(facts(grant, false, END - 1, "thermostat-1", Operation.DIAG_READ, true, true, true), grant.newBucket(0)));
    }

    @Test
    void shouldJudgeScopeBeforeTheHubsPresenceAndTrust() {
        assertSame(DenyReason.OUT_OF_SCOPE.decision(),
                judge(facts(grant, true, END - 1, "thermostat-1", Operation.HUB_REBOOT, false, false, false), grant.newBucket(0)));
        assertSame(DenyReason.HUB_OFFLINE.decision(),
                judge(facts(grant, true, END - 1, "thermostat-1", Operation.DIAG_READ, false, false, false), grant.newBucket(0)));
        assertSame(DenyReason.HUB_QUARANTINED.decision(),
                judge(facts(grant, true, END - 1, "thermostat-1", Operation.DIAG_READ, true, false, true), grant.newBucket(0)));
        assertSame(DenyReason.DEVICE_UNKNOWN.decision(),
                judge(facts(grant, true, END - 1, "thermostat-1", Operation.DIAG_READ, true, true, false), grant.newBucket(0)));
    }

    @Test
    void shouldCheckTheFirmwareSignatureOnlyOnceEverythingElsePassedAndSpendNoTokenOnARefusal() {
        TokenBucket bucket = grant.newBucket(0);
        judge(facts(grant, true, END - 1, "thermostat-1", Operation.FIRMWARE_UPDATE, true, false, true), bucket);
        assertEquals(0, updateChecks.get());

        assertSame(DenyReason.UPDATE_UNSIGNED.decision(),
                judge(facts(grant, true, END - 1, "thermostat-1", Operation.FIRMWARE_UPDATE, true, true, true), bucket));
        assertEquals(1, updateChecks.get());
        // the one token of the burst is still there
        assertSame(Decision.ALLOW, judge(facts(grant, true, END - 1, "thermostat-1", Operation.DIAG_READ, true, true, true), bucket));
        assertSame(DenyReason.RATE_LIMITED.decision(),
                judge(facts(grant, true, END - 1, "thermostat-1", Operation.DIAG_READ, true, true, true), bucket));
    }

    @Test
    void shouldJudgeASystemCommandWithoutTheTechniciansConsentLimitsButWithEveryHubCheck() {
        // no grant: no state, expiry, scope or rate; after the session's end, outside its scope
        assertSame(Decision.ALLOW, judge(facts(null, false, END + 1, "thermostat-1", Operation.CONFIG_WRITE, true, true, true), null));
        assertSame(DenyReason.HUB_OFFLINE.decision(),
                judge(facts(null, false, END + 1, "thermostat-1", Operation.CONFIG_WRITE, false, false, false), null));
        assertSame(DenyReason.HUB_QUARANTINED.decision(),
                judge(facts(null, false, END + 1, "thermostat-1", Operation.CONFIG_WRITE, true, false, true), null));
        assertSame(DenyReason.DEVICE_UNKNOWN.decision(),
                judge(facts(null, false, END + 1, "toaster-1", Operation.CONFIG_WRITE, true, true, false), null));
        assertSame(DenyReason.OUT_OF_SCOPE.decision(),
                judge(facts(null, false, END + 1, "thermostat-1", null, true, true, true), null));
        assertSame(DenyReason.UPDATE_UNSIGNED.decision(),
                judge(facts(null, false, END + 1, "thermostat-1", Operation.FIRMWARE_UPDATE, true, true, true), null));
    }
}
