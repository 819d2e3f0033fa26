package io.chaperone.demo;

import io.chaperone.simulator.SimulatedHub;
import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The demo's simulated hubs enroll through the real flow, connect over mTLS, attest and report their devices. */
@QuarkusTest
class DemoHubFleetTest {

    @Inject
    Tokens tokens;
    @Inject
    DemoHubFleet fleet;
    @Inject
    Pool pool;

    private List<SimulatedHub> started = List.of();

    @AfterEach
    void cleanUp() {
        started.forEach(SimulatedHub::close);
    }

    private long count(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> rows.iterator().next().getLong(0))
                .await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void shouldEnrollTwoLiveTrustedHubsIntoAHomeAndReplaceThoseOfAnEarlierRun() {
        // Given a home of its own (the demo seeder's tests own the demo home) and a first run's hubs
        String resident = Tokens.unique("resident");
        UUID home = UUID.fromString(given().auth().oauth2(tokens.resident(resident)).contentType(ContentType.JSON)
                .body(Map.of("name", "demo flat")).post("/api/v1/homes").then().statusCode(201).extract().path("id"));
        List<SimulatedHub> earlier = fleet.start(home, 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> earlier.stream().allMatch(h -> h.welcomeCount() >= 1));

        // When the next run starts its hubs
        started = fleet.start(home, 2);

        // Then exactly two enrolled hubs of the demo home are live, trusted and have their inventory
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM hubs WHERE home_id = $1 AND name LIKE 'Simulated hub %'"
                + " AND removed_at IS NULL AND online AND NOT quarantined AND attested_at IS NOT NULL AND cert_serial IS NOT NULL", home) == 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> started.stream().allMatch(h -> h.welcomeCount() >= 1));
        assertThat(count("SELECT count(*) FROM hubs WHERE home_id = $1 AND name LIKE 'Simulated hub %' AND removed_at IS NOT NULL", home))
                .isEqualTo(2);
        assertThat(count("SELECT count(*) FROM revoked_certificates r JOIN hubs h ON h.id = r.hub_id WHERE h.home_id = $1", home))
                .isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> earlier.stream().allMatch(h -> h.lastCloseCode().orElse(0) == 4010));
        earlier.forEach(SimulatedHub::close);
    }
}
