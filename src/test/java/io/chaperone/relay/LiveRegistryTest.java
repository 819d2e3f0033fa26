package io.chaperone.relay;

import io.chaperone.policy.Operation;
import io.chaperone.policy.RateLimit;
import io.chaperone.policy.Scope;
import io.chaperone.policy.SessionGrant;
import io.chaperone.policy.TokenBucket;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Live sessions indexed by hub: a hub's connect, inventory or loss touches its own sessions, found without a scan. */
class LiveRegistryTest {

    private final LiveRegistry registry = new LiveRegistry();

    private static LiveSession session(UUID hubId) {
        return new LiveSession(SessionGrant.compile(UUID.randomUUID(), hubId, UUID.randomUUID(),
                new Scope(1, List.of(new Scope.Grant(Set.of("thermostat-1"), Set.of(Operation.DIAG_READ)))),
                Instant.parse("2026-03-01T12:00:00Z"), Set.of(), new RateLimit(60, 3), new byte[32]),
                UUID.randomUUID(), "resident", "tech", null, new TokenBucket(new RateLimit(60, 3), 0));
    }

    @Test
    void shouldFindTheSessionsOfAHubAndNoOtherHubs() {
        UUID hub = UUID.randomUUID();
        LiveSession first = session(hub);
        LiveSession second = session(hub);
        LiveSession elsewhere = session(UUID.randomUUID());
        registry.putSession(first);
        registry.putSession(second);
        registry.putSession(elsewhere);

        assertThat(registry.sessionsOfHub(hub)).containsExactlyInAnyOrder(first, second);
        assertThat(registry.sessionsOfHub(elsewhere.hubId())).containsExactly(elsewhere);
        assertThat(registry.sessionsOfHub(UUID.randomUUID())).isEmpty();
    }

    @Test
    void shouldForgetARemovedSessionInTheHubsIndexAndKeepASecondConnectionOutOfIt() {
        UUID hub = UUID.randomUUID();
        LiveSession first = session(hub);
        registry.putSession(first);
        LiveSession sameSessionAgain = new LiveSession(first.grant(), first.homeId(), "resident", "tech", null,
                first.bucket());

        assertThat(registry.putSession(sameSessionAgain)).isFalse();
        assertThat(registry.removeSession(sameSessionAgain)).isFalse();
        assertThat(registry.sessionsOfHub(hub)).containsExactly(first);

        assertThat(registry.removeSession(first)).isTrue();
        assertThat(registry.sessionsOfHub(hub)).isEmpty();
    }
}
