package io.chaperone.consent;

import io.chaperone.policy.DataClass;
import io.chaperone.policy.Operation;
import io.chaperone.policy.Scope;
import io.chaperone.web.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static io.chaperone.consent.SessionState.active;
import static io.chaperone.consent.SessionState.approved;
import static io.chaperone.consent.SessionState.cancelled;
import static io.chaperone.consent.SessionState.denied;
import static io.chaperone.consent.SessionState.ended;
import static io.chaperone.consent.SessionState.expired;
import static io.chaperone.consent.SessionState.requested;
import static io.chaperone.consent.SessionState.revoked;
import static io.chaperone.consent.SessionState.suspended;
import static io.chaperone.consent.SessionState.terminated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The state machine on the domain type, with fixed instants and no Quarkus. */
class SupportSessionTest {

    static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    static final Instant APPROVED_AT = T0.plusSeconds(60);
    static final Duration TTL = Duration.ofMinutes(30);
    static final int MINUTES = 60;
    /** Inside every deadline. */
    static final Instant NOW = T0.plusSeconds(120);
    /** Past every deadline (request TTL and expiresAt). */
    static final Instant LATE = T0.plus(Duration.ofHours(3));

    static final Scope REQUESTED = new Scope(0, List.of(
            new Scope.Grant(Set.of("thermostat-1", "camera-1"), Set.of(Operation.DIAG_READ, Operation.CONFIG_READ))));

    /** Written out independently of SessionAction: the contract of ARCHITECTURE §3 and the brief. */
    static final Map<SessionState, Map<SessionAction, SessionState>> ALLOWED = Map.of(
            requested, Map.of(SessionAction.APPROVE, approved, SessionAction.DENY, denied,
                    SessionAction.CANCEL, cancelled, SessionAction.EXPIRE, expired, SessionAction.KILL, terminated),
            approved, Map.of(SessionAction.ACTIVATE, active, SessionAction.END, ended, SessionAction.REVOKE, revoked,
                    SessionAction.EXPIRE, expired, SessionAction.SUSPEND, suspended, SessionAction.KILL, terminated),
            active, Map.of(SessionAction.DEACTIVATE, approved, SessionAction.END, ended, SessionAction.REVOKE, revoked,
                    SessionAction.EXPIRE, expired, SessionAction.SUSPEND, suspended, SessionAction.KILL, terminated),
            suspended, Map.of(SessionAction.RESUME, approved, SessionAction.END, ended, SessionAction.REVOKE, revoked,
                    SessionAction.EXPIRE, expired, SessionAction.KILL, terminated));

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (SessionState state : SessionState.values()) {
            for (SessionAction action : SessionAction.values()) {
                cases.add(Arguments.of(state, action,
                        Optional.ofNullable(ALLOWED.getOrDefault(state, Map.of()).get(action))));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} --{1}--> {2}")
    @MethodSource("matrix")
    void shouldFollowTheTransitionTable(SessionState from, SessionAction action, Optional<SessionState> expected) {
        // Given
        SupportSession session = sessionIn(from);
        Instant at = action == SessionAction.EXPIRE ? LATE : NOW;

        // When / Then
        if (expected.isPresent()) {
            session.apply(action, at, null);
            assertEquals(expected.get(), session.state);
            assertEquals(expected.get().terminal() ? at : null, session.endedAt);
        } else {
            Instant endedBefore = session.endedAt;
            ProblemException refused = assertThrows(ProblemException.class, () -> session.apply(action, at, null));
            assertEquals(409, refused.status());
            assertEquals("invalid_transition", refused.code());
            assertEquals(from, session.state);
            assertEquals(endedBefore, session.endedAt);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SessionState.class, names = {"ended", "revoked", "expired", "denied", "cancelled", "terminated"})
    void shouldNeverChangeATerminalState(SessionState terminal) {
        SupportSession session = sessionIn(terminal);
        for (SessionAction action : SessionAction.values()) {
            assertThrows(ProblemException.class, () -> session.apply(action, LATE, null));
            assertEquals(terminal, session.state);
        }
    }

    @Test
    void shouldNameStatesNotInternalsInTheRefusal() {
        ProblemException refused = assertThrows(ProblemException.class,
                () -> sessionIn(requested).apply(SessionAction.ACTIVATE, NOW, null));
        assertEquals("a requested session cannot become active", refused.getMessage());
    }

    @Test
    void shouldFixExpiresAtAtApproval() {
        SupportSession session = sessionIn(approved);
        assertEquals(APPROVED_AT.plus(Duration.ofMinutes(MINUTES)), session.expiresAt);
        assertEquals(1, session.scopeVersion);
    }

    @Test
    void shouldReportApprovedOneMillisecondBeforeExpiry() {
        SupportSession session = sessionIn(approved);
        assertEquals(approved, session.effectiveState(session.expiresAt.minusMillis(1)));
    }

    @Test
    void shouldReportExpiredExactlyAtExpiry() {
        SupportSession session = sessionIn(active);
        assertEquals(expired, session.effectiveState(session.expiresAt));
    }

    @Test
    void shouldReportExpiredOneMillisecondAfterExpiry() {
        SupportSession session = sessionIn(suspended);
        assertEquals(expired, session.effectiveState(session.expiresAt.plusMillis(1)));
    }

    @Test
    void shouldReportRequestExpiredOnlyFromItsTtl() {
        SupportSession session = sessionIn(requested);
        assertEquals(requested, session.effectiveState(T0.plus(TTL).minusMillis(1)));
        assertEquals(expired, session.effectiveState(T0.plus(TTL)));
        assertEquals(expired, session.effectiveState(T0.plus(TTL).plusMillis(1)));
    }

    @Test
    void shouldRefuseApprovalOnceTheRequestTtlPassed() {
        SupportSession session = sessionIn(requested);
        ProblemException refused = assertThrows(ProblemException.class,
                () -> session.approve(ApprovalTerms.readOnlyDefaults(), T0.plus(TTL)));
        assertEquals("invalid_transition", refused.code());
        assertEquals(requested, session.state);
    }

    @Test
    void shouldRefuseToExpireBeforeTheDeadline() {
        SupportSession session = sessionIn(approved);
        ProblemException refused = assertThrows(ProblemException.class, () -> session.expire(session.expiresAt.minusMillis(1)));
        assertEquals("invalid_transition", refused.code());
        assertEquals(approved, session.state);
    }

    @Test
    void shouldDefaultApprovalToRequestedScopeDurationAndEmptyReveal() {
        SupportSession session = sessionIn(requested);
        session.approve(ApprovalTerms.readOnlyDefaults(), APPROVED_AT);
        assertEquals(REQUESTED.pairs(), session.granted().pairs());
        assertEquals(MINUTES, session.durationMinutes);
        assertEquals(Set.of(), session.revealed());
        assertEquals("[]", session.reveal);
    }

    @Test
    void shouldDefaultApprovalToTheReadOnlySubsetOfAWritingRequest() {
        Scope writing = new Scope(0, List.of(new Scope.Grant(Set.of("thermostat-1"), Set.of(Operation.DIAG_READ,
                Operation.LOGS_READ, Operation.NET_TEST, Operation.CONFIG_READ, Operation.CONFIG_WRITE,
                Operation.DEVICE_REBOOT, Operation.HUB_REBOOT, Operation.FIRMWARE_UPDATE))));
        SupportSession session = SupportSession.request(new SupportSession.Parties(UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()), writing, MINUTES, "why", T0, TTL);
        session.approve(ApprovalTerms.readOnlyDefaults(), APPROVED_AT);
        assertEquals(Set.of(new Scope.Pair("thermostat-1", Operation.DIAG_READ), new Scope.Pair("thermostat-1", Operation.LOGS_READ),
                new Scope.Pair("thermostat-1", Operation.NET_TEST), new Scope.Pair("thermostat-1", Operation.CONFIG_READ)),
                session.granted().pairs());
    }

    @Test
    void shouldRefuseADefaultApprovalWhenNothingRequestedIsReadOnly() {
        Scope writing = new Scope(0, List.of(new Scope.Grant(Set.of("thermostat-1"), Set.of(Operation.FIRMWARE_UPDATE))));
        SupportSession session = SupportSession.request(new SupportSession.Parties(UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()), writing, MINUTES, "why", T0, TTL);
        ProblemException refused = assertThrows(ProblemException.class,
                () -> session.approve(ApprovalTerms.readOnlyDefaults(), APPROVED_AT));
        assertEquals("scope_required", refused.code());
        assertEquals(requested, session.state);
    }

    @Test
    void shouldApproveANarrowerScopeShorterDurationAndReveal() {
        SupportSession session = sessionIn(requested);
        Scope narrower = new Scope(0, List.of(new Scope.Grant(Set.of("thermostat-1"), Set.of(Operation.DIAG_READ))));
        session.approve(new ApprovalTerms(Optional.of(narrower), Optional.of(15), Set.of(DataClass.NETWORK)), APPROVED_AT);
        assertEquals(narrower.pairs(), session.granted().pairs());
        assertEquals(APPROVED_AT.plus(Duration.ofMinutes(15)), session.expiresAt);
        assertEquals(Set.of(DataClass.NETWORK), session.revealed());
    }

    @Test
    void shouldRefuseScopeWideningAtApproval() {
        SupportSession session = sessionIn(requested);
        Scope wider = new Scope(0, List.of(new Scope.Grant(Set.of("thermostat-1"), Set.of(Operation.CONFIG_WRITE))));
        ProblemException refused = assertThrows(ProblemException.class, () -> session.approve(
                new ApprovalTerms(Optional.of(wider), Optional.empty(), Set.of()), APPROVED_AT));
        assertEquals(422, refused.status());
        assertEquals("scope_widening", refused.code());
        assertEquals(requested, session.state);
        assertNull(session.scope);
    }

    @Test
    void shouldRefuseDurationWideningAtApproval() {
        SupportSession session = sessionIn(requested);
        ProblemException refused = assertThrows(ProblemException.class, () -> session.approve(
                new ApprovalTerms(Optional.empty(), Optional.of(MINUTES + 1), Set.of()), APPROVED_AT));
        assertEquals(422, refused.status());
        assertEquals("duration_widening", refused.code());
        assertEquals(requested, session.state);
        assertNull(session.expiresAt);
    }

    @Test
    void shouldWidenScopeAndBumpVersionWithoutExtendingExpiry() {
        SupportSession session = sessionIn(active);
        Instant expiresAt = session.expiresAt;
        Scope added = new Scope(0, List.of(new Scope.Grant(Set.of("thermostat-1"), Set.of(Operation.CONFIG_WRITE))));

        session.widen(added, NOW);

        assertEquals(2, session.scopeVersion);
        assertEquals(2, session.granted().version());
        assertEquals(true, session.granted().permits("thermostat-1", Operation.CONFIG_WRITE));
        assertEquals(true, session.granted().permits("camera-1", Operation.DIAG_READ));
        assertEquals(expiresAt, session.expiresAt);
    }

    @Test
    void shouldRefuseWideningASuspendedSession() {
        SupportSession session = sessionIn(suspended);
        ProblemException refused = assertThrows(ProblemException.class, () -> session.widen(REQUESTED, NOW));
        assertEquals("session_not_active", refused.code());
        assertEquals(1, session.scopeVersion);
    }

    /** A session driven into {@code state} through the domain methods themselves. */
    static SupportSession sessionIn(SessionState state) {
        SupportSession session = SupportSession.request(new SupportSession.Parties(UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()), REQUESTED, MINUTES,
                "thermostat offline", T0, TTL);
        switch (state) {
            case requested -> { }
            case denied -> session.deny(APPROVED_AT);
            case cancelled -> session.cancel(APPROVED_AT);
            case expired -> session.expire(T0.plus(TTL));
            default -> {
                session.approve(ApprovalTerms.readOnlyDefaults(), APPROVED_AT);
                switch (state) {
                    case active -> session.activate(APPROVED_AT);
                    case suspended -> session.suspend(APPROVED_AT, "paused");
                    case ended -> session.end(APPROVED_AT, "done");
                    case revoked -> session.revoke(APPROVED_AT, "revoked");
                    case terminated -> session.apply(SessionAction.KILL, APPROVED_AT, "killed by ops");
                    default -> { }
                }
            }
        }
        assertEquals(state, session.state);
        return session;
    }
}
