package io.chaperone.consent;

import io.chaperone.policy.Scope;
import io.chaperone.web.ProblemException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.chaperone.consent.SessionApi.post;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole state × action matrix through the one transition path, against the real database:
 * allowed transitions are stored and announced once; forbidden ones answer invalid_transition and
 * leave the row and the event stream untouched.
 */
@QuarkusTest
class SessionTransitionsTest {

    @Inject
    ConsentFixture fixture;
    @Inject
    SessionTransitions transitions;

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> matrix() {
        return SupportSessionTest.matrix();
    }

    @ParameterizedTest(name = "{0} --{1}--> {2}")
    @MethodSource("matrix")
    void shouldApplyExactlyTheAllowedTransitions(SessionState from, SessionAction action, Optional<SessionState> expected) {
        // Given a stored session in `from` (overdue when the action is EXPIRE)
        var world = fixture.world();
        UUID technicianId = fixture.provisionTechnician(world);
        SupportSession session = fixture.store(sessionIn(world, technicianId, from, action == SessionAction.EXPIRE));
        String id = session.id.toString();
        long versionBefore = fixture.session(id).version;

        // When
        Optional<ProblemException> refused = apply(session.id, transition(world, action), actor(world, technicianId, action));

        // Then
        if (expected.isEmpty()) {
            assertEquals("invalid_transition", refused.orElseThrow().code());
            assertEquals(from, fixture.session(id).state);
            assertEquals(versionBefore, fixture.session(id).version);
            assertEquals(0, fixture.changesOf(id).size());
        } else if (action == SessionAction.EXPIRE) {
            // The expiry job may win the race for an overdue session: either way exactly one expiry.
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.changesOf(id).size() == 1);
            assertEquals(SessionState.expired, fixture.session(id).state);
            assertEquals(SessionState.expired, fixture.changesOf(id).get(0).to());
            refused.ifPresent(p -> assertTrue(Set.of("invalid_transition", "concurrent_update").contains(p.code())));
        } else {
            assertTrue(refused.isEmpty(), () -> "refused: " + refused.get().code());
            assertEquals(expected.get(), fixture.session(id).state);
            assertEquals(versionBefore + 1, fixture.session(id).version);
            List<SessionChanged> changes = fixture.changesOf(id);
            assertEquals(1, changes.size());
            assertEquals(from, changes.get(0).from());
            assertEquals(expected.get(), changes.get(0).to());
        }
    }

    @Test
    void shouldLetOnlyOneOfConcurrentTerminalActionsWin() throws Exception {
        // Given
        var world = fixture.world();
        String id = SessionApi.approved(fixture, world);
        String resident = fixture.residentToken(world);
        String technician = fixture.technicianToken(world);
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(() -> post(resident, "/" + id + "/revoke", null).extract().response());
            calls.add(() -> post(technician, "/" + id + "/end", null).extract().response());
        }

        // When
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Response> responses = new ArrayList<>();
        try {
            for (Future<Response> f : pool.invokeAll(calls)) {
                responses.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }

        // Then
        assertEquals(1, responses.stream().filter(r -> r.statusCode() == 200).count());
        responses.stream().filter(r -> r.statusCode() != 200).forEach(r -> {
            assertEquals(409, r.statusCode());
            assertTrue(Set.of("invalid_transition", "concurrent_update").contains(r.jsonPath().getString("code")));
        });
        assertEquals(1, fixture.changesOf(id).stream().filter(c -> c.to().terminal()).count());
        assertTrue(fixture.session(id).state.terminal());
    }

    private Optional<ProblemException> apply(UUID id, Transition transition, Actor actor) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> transitions.apply(id, transition, actor));
            return Optional.empty();
        } catch (ProblemException e) {
            return Optional.of(e);
        } catch (Throwable e) {
            throw new AssertionError("unexpected failure " + e.getClass().getSimpleName(), e);
        }
    }

    private static Transition transition(ConsentFixture.World world, SessionAction action) {
        var decider = new Transition.Decider(world.residentId(), Instant.now(), "mfa", Set.of("otp"));
        return switch (action) {
            case APPROVE -> new Transition.Approve(ApprovalTerms.readOnlyDefaults(), decider);
            case DENY -> new Transition.Deny(decider);
            default -> Transition.of(action);
        };
    }

    private static Actor actor(ConsentFixture.World world, UUID technicianId, SessionAction action) {
        return switch (action) {
            case APPROVE, DENY, SUSPEND, RESUME, REVOKE -> Actor.resident(world.residentSubject(), world.residentId());
            case CANCEL, END, ACTIVATE, DEACTIVATE -> Actor.technician(world.technicianSubject(), technicianId);
            case EXPIRE -> Actor.system();
            case KILL -> Actor.ops("ops-matrix", UUID.randomUUID());
        };
    }

    /** A session of the world driven into {@code state}; overdue ones started three hours ago. */
    private static SupportSession sessionIn(ConsentFixture.World world, UUID technicianId, SessionState state,
                                            boolean overdue) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MICROS).minus(overdue ? Duration.ofHours(3) : Duration.ZERO);
        Scope scope = new Scope(0, List.of(new Scope.Grant(Set.of("thermostat-1"),
                Set.of(io.chaperone.policy.Operation.DIAG_READ))));
        SupportSession session = SupportSession.request(new SupportSession.Parties(world.ticketId(), world.homeId(),
                world.hubId(), world.templateId(), technicianId, world.providerId()), scope, 60, "matrix", start,
                Duration.ofMinutes(30));
        switch (state) {
            case requested -> { }
            case denied -> session.deny(start);
            case cancelled -> session.cancel(start);
            case expired -> session.expire(start.plus(Duration.ofMinutes(30)));
            default -> {
                session.approve(ApprovalTerms.readOnlyDefaults(), start);
                switch (state) {
                    case active -> session.activate(start);
                    case suspended -> session.suspend(start, "paused");
                    case ended -> session.end(start, "done");
                    case revoked -> session.revoke(start, "revoked");
                    case terminated -> session.apply(SessionAction.KILL, start, "killed by ops");
                    default -> { }
                }
            }
        }
        return session;
    }
}
