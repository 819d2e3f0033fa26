package io.chaperone.privacy;

import io.chaperone.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retention shreds the keys of sessions that ended more than the retention (P365D) ago, and only those. */
@QuarkusTest
class RetentionJobTest {

    private static final Instant ENDED = Instant.parse("2020-01-01T00:00:00Z");

    @Inject
    PrivacyWorld privacy;
    @Inject
    RetentionJob job;
    @Inject
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void shouldShredOnlySessionsEndedMoreThanTheRetentionAgo() {
        // Given one session ended at ENDED, one a millisecond later, one still approved
        var world = privacy.world();
        UUID old = endedAt(world, ENDED);
        UUID recent = endedAt(world, ENDED.plusMillis(1));
        UUID open = privacy.approvedSession(world);
        privacy.command(world, old);

        // When the job runs exactly at the retention boundary of the old one
        clock.pin(ENDED.plus(Duration.ofDays(365)));
        List<UUID> atBoundary = job.shred().await().atMost(PrivacyWorld.WAIT);
        // and one millisecond after it
        clock.pin(ENDED.plus(Duration.ofDays(365)).plusMillis(1));
        List<UUID> after = job.shred().await().atMost(PrivacyWorld.WAIT);

        // Then only the old session's key is shredded, once
        assertFalse(atBoundary.contains(old));
        assertEquals(List.of(old), after.stream().filter(id -> id.equals(old) || id.equals(recent) || id.equals(open)).toList());
        assertTrue(shredded(old));
        assertFalse(shredded(recent));
        assertFalse(shredded(open));
        PrivacyWorld.get(privacy.resident(world), "/api/v1/sessions/" + old + "/audit?kind=command").statusCode(200)
                .body("events[0].detail.erased", equalTo(true));
        PrivacyWorld.get(privacy.resident(world), "/api/v1/sessions/" + recent + "/audit?kind=session.approved")
                .statusCode(200).body("events[0].detail.to", equalTo("approved"));
    }

    private UUID endedAt(io.chaperone.consent.ConsentFixture.World world, Instant at) {
        UUID id = privacy.approvedSession(world);
        privacy.end(world, id);
        privacy.rows("UPDATE support_sessions SET ended_at = $2 WHERE id = $1", Tuple.of(id, at.atOffset(ZoneOffset.UTC)));
        return id;
    }

    private boolean shredded(UUID session) {
        return privacy.rows("SELECT 1 FROM session_keys WHERE session_id = $1 AND wrapped_key IS NULL "
                + "AND shredded_at IS NOT NULL", Tuple.of(session)).size() == 1;
    }
}
