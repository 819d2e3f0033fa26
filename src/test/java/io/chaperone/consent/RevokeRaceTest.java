package io.chaperone.consent;

import io.restassured.response.Response;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.chaperone.consent.SessionApi.post;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A revoke that loses the optimistic-lock race to a change committed meanwhile (in a cluster: the technician's node
 * recording the deactivation of the socket the revoke's own announcement just closed) is retried until it wins. The
 * retry must run on the request's safe duplicated context: resumed elsewhere, Hibernate Reactive refused the next
 * transaction with an {@code IllegalStateException} and the resident got 500 {@code internal_error} (issue 13).
 */
@QuarkusTest
class RevokeRaceTest {

    private static final String DB = "jdbc:postgresql://127.0.0.1:5432/"
            + System.getenv().getOrDefault("CHAPERONE_TEST_DB", "chaperone_test");

    @Inject
    ConsentFixture fixture;

    @Test
    void shouldAnswerTheRevokedSessionWhenAnotherWriterCommitsTheRowWhileTheRevokeWaitsForIt() throws Exception {
        // Given an approved session whose row another writer has updated and not yet committed
        var world = fixture.world();
        String id = SessionApi.approved(fixture, world);
        String resident = fixture.residentToken(world);
        long versionBefore = fixture.session(id).version;
        try (Connection other = DriverManager.getConnection(DB, "postgres", "postgres")) {
            other.setAutoCommit(false);
            try (PreparedStatement bump = other.prepareStatement("UPDATE support_sessions SET version = version + 1 WHERE id = ?")) {
                bump.setObject(1, UUID.fromString(id));
                assertEquals(1, bump.executeUpdate());
            }

            // When the resident revokes: the revoke read the old version and its UPDATE waits for the row lock
            CompletableFuture<Response> revoke = CompletableFuture.supplyAsync(
                    () -> post(resident, "/" + id + "/revoke", null).extract().response());
            await().atMost(Duration.ofSeconds(30)).until(() -> revokeWaitsForTheRow(id));
            // and the other writer commits, so the revoke's UPDATE matches no row (a stale version)
            other.commit();

            // Then the revoke is retried on a fresh read and answered 200 with the revoked session
            Response answer = revoke.get();
            assertEquals(200, answer.statusCode(), answer.asString());
            assertEquals("revoked", answer.jsonPath().getString("state"));
        }
        assertEquals(SessionState.revoked, fixture.session(id).state);
        assertEquals(versionBefore + 2, fixture.session(id).version);
        // And exactly one revocation was recorded and announced
        assertEquals(1, fixture.changesOf(id).stream().filter(c -> c.to() == SessionState.revoked).count());
        try (Connection db = DriverManager.getConnection(DB, "postgres", "postgres");
             PreparedStatement s = db.prepareStatement("SELECT count(*) FROM audit_events WHERE chain_id = ? "
                     + "AND kind = 'session.revoked'")) {
            s.setObject(1, UUID.fromString(id));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                assertEquals(2, r.getLong(1));
            }
        }
    }

    /** The application's UPDATE of the session row is blocked on the other writer's row lock. */
    private static boolean revokeWaitsForTheRow(String id) throws Exception {
        try (Connection db = DriverManager.getConnection(DB, "postgres", "postgres");
             ResultSet r = db.createStatement().executeQuery("SELECT count(*) FROM pg_stat_activity WHERE "
                     + "wait_event_type = 'Lock' AND query ILIKE 'update support_sessions%'")) {
            r.next();
            return r.getLong(1) > 0;
        }
    }
}
