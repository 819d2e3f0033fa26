package io.chaperone.consent;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.chaperone.consent.SessionApi.post;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Work a committed session change starts (the session report's settle timer, the end-of-session read-back) must not
 * share the request's Vert.x context: a timer set from the request's duplicated context fires on that same context,
 * and when the request is still running then (under load a revoke's answer took longer than the settle delay) both
 * used one Hibernate Reactive session slot: the report failed and the resident's revoke, already committed, was answered
 * 500 {@code internal_error} ({@code IllegalStateException}, issue 13). Here the settle delay is 1 ms, so every
 * report starts while its revoke is still reading the session view.
 */
@QuarkusTest
@TestProfile(RevokeAnswerContextTest.ImmediateReports.class)
class RevokeAnswerContextTest {

    private static final int SESSIONS = 12;
    private static final String DB = "jdbc:postgresql://127.0.0.1:5432/"
            + System.getenv().getOrDefault("CHAPERONE_TEST_DB", "chaperone_test");

    public static class ImmediateReports implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chaperone.report.settle-delay", "PT0.001S");
        }
    }

    @Inject
    ConsentFixture fixture;

    @Test
    void shouldAnswerEveryRevokeWithTheRevokedSessionWhileItsReportIsBuilt() throws Exception {
        // Given approved sessions
        List<String> ids = new ArrayList<>();
        List<String> residents = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            var world = fixture.world();
            ids.add(SessionApi.approved(fixture, world));
            residents.add(fixture.residentToken(world));
        }

        // When each is revoked
        for (int i = 0; i < SESSIONS; i++) {
            Response answer = post(residents.get(i), "/" + ids.get(i) + "/revoke", null).extract().response();

            // Then every answer is 200 with the revoked session, never 500
            assertEquals(200, answer.statusCode(), answer.asString());
            assertEquals("revoked", answer.jsonPath().getString("state"));
            assertEquals(ids.get(i), answer.jsonPath().getString("id"));
        }
        // And every session's report was built and anchored (report.generated in its chain)
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(30)).until(() -> count(
                    "SELECT count(*) FROM session_reports WHERE session_id = ?", id) == 1);
            assertEquals(1, count("SELECT count(*) FROM audit_events WHERE chain_id = ? AND kind = 'report.generated'", id));
            assertEquals(SessionState.revoked, fixture.session(id).state);
        }
    }

    private static long count(String sql, String id) throws Exception {
        try (Connection db = DriverManager.getConnection(DB, "postgres", "postgres");
             PreparedStatement s = db.prepareStatement(sql)) {
            s.setObject(1, UUID.fromString(id));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
