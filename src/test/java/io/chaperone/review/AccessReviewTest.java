package io.chaperone.review;

import io.chaperone.consent.ConsentFixture;
import io.chaperone.support.Tokens;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An access review lists exactly the sessions requested in its period and the approvals still open (nothing of
 * other periods or homes), reaches the resident's live socket, and its revoke-all closes what it lists as open.
 */
@QuarkusTest
class AccessReviewTest {

    @Inject
    ConsentFixture fixture;
    @Inject
    Tokens tokens;
    @Inject
    Pool pool;
    @Inject
    Vertx vertx;

    @Test
    void shouldListExactlyTheOpenApprovalsAndPastSessionsOfThePeriodAndRevokeAllThatIsOpen() {
        var world = fixture.world();
        var other = fixture.world();
        String before = approved(world);
        end(world, before);
        String openFromBefore = approved(world);
        Instant from = Instant.now();
        String past = approved(world);
        end(world, past);
        String open = approved(world);
        String waiting = requested(world);
        String otherHome = approved(other);
        Instant to = Instant.now();
        String after = requested(world);
        given().auth().oauth2(fixture.technicianToken(world)).post("/api/v1/sessions/{id}/cancel", after).then().statusCode(200);
        WsClient feed = WsClient.connect(vertx, RestAssured.port, "/ws/homes/" + world.homeId() + "/activity",
                Map.of("Origin", "http://localhost:8080", "Authorization", "Bearer " + resident(world)));

        String body = given().auth().oauth2(resident(world)).contentType(ContentType.JSON)
                .body(Map.of("from", from.toString(), "to", to.toString()))
                .post("/api/v1/homes/{id}/access-reviews", world.homeId()).then().statusCode(201).extract().asString();

        JsonObject review = new JsonObject(body);
        assertThat(ids(review.getJsonArray("sessions"))).containsExactly(past, open, waiting);
        assertThat(states(review.getJsonArray("sessions"))).containsExactly("ended", "approved", "requested");
        assertThat(ids(review.getJsonArray("openApprovals"))).containsExactly(openFromBefore, open, waiting);
        assertThat(review.getJsonArray("providers").size()).isEqualTo(1);
        assertThat(review.getJsonArray("providers").getJsonObject(0).getString("providerId")).isEqualTo(world.providerId().toString());
        assertThat(review.getJsonArray("providers").getJsonObject(0).getInteger("sessions")).isEqualTo(3);
        assertThat(review.getJsonArray("technicians").size()).isEqualTo(1);
        assertThat(review.getJsonArray("technicians").getJsonObject(0).getInteger("sessions")).isEqualTo(3);
        assertThat(review.getJsonArray("templates").stream().map(t -> ((JsonObject) t).getString("templateId")).toList())
                .containsExactly(world.templateId().toString());
        assertThat(review.getString("periodFrom")).isEqualTo(from.toString());
        assertThat(review.getString("periodTo")).isEqualTo(to.toString());
        String rid = review.getString("id");
        JsonObject pushed = feed.await(f -> "access_review".equals(f.getString("type")));
        assertThat(pushed.getString("reviewId")).isEqualTo(rid);
        assertThat(new JsonObject(given().auth().oauth2(resident(world)).get("/api/v1/homes/{id}/access-reviews/{rid}",
                world.homeId(), rid).then().statusCode(200).extract().asString())).isEqualTo(review);
        assertThat(given().auth().oauth2(resident(world)).get("/api/v1/homes/{id}/access-reviews", world.homeId())
                .then().statusCode(200).extract().<List<String>>path("id")).containsExactly(rid);
        assertThat(count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'access_review.generated' "
                + "AND correlation_id = $2", world.homeId(), rid)).isEqualTo(1);
        given().auth().oauth2(resident(other)).get("/api/v1/homes/{id}/access-reviews/{rid}", world.homeId(), rid)
                .then().statusCode(404);

        // One click: the listed open approvals end, nothing else changes.
        JsonObject outcome = new JsonObject(given().auth().oauth2(resident(world))
                .post("/api/v1/homes/{id}/access-reviews/{rid}/revoke-all", world.homeId(), rid)
                .then().statusCode(200).extract().asString());

        assertThat(outcome.getJsonArray("revoked").getList()).containsExactly(openFromBefore, open);
        assertThat(outcome.getJsonArray("denied").getList()).containsExactly(waiting);
        assertThat(outcome.getJsonArray("alreadyClosed").getList()).isEmpty();
        assertThat(fixture.session(openFromBefore).state.name()).isEqualTo("revoked");
        assertThat(fixture.session(open).state.name()).isEqualTo("revoked");
        assertThat(fixture.session(waiting).state.name()).isEqualTo("denied");
        assertThat(fixture.session(past).state.name()).isEqualTo("ended");
        assertThat(fixture.session(otherHome).state.name()).isEqualTo("approved");
        assertThat(count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'access_review.revoke_all' "
                + "AND correlation_id = $2", world.homeId(), rid)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_events WHERE chain_id = ANY($1) AND kind = 'session.revoked'",
                (Object) new UUID[] {UUID.fromString(openFromBefore), UUID.fromString(open)})).isEqualTo(2);
        feed.close();
    }

    @Test
    void shouldRefuseAHalfGivenPeriod() {
        var world = fixture.world();
        given().auth().oauth2(resident(world)).contentType(ContentType.JSON).body(Map.of("from", Instant.now().toString()))
                .post("/api/v1/homes/{id}/access-reviews", world.homeId()).then().statusCode(400)
                .body("code", org.hamcrest.Matchers.equalTo("period_invalid"));
    }

    private String resident(ConsentFixture.World world) {
        return fixture.residentToken(world, Instant.now(), true);
    }

    private String requested(ConsentFixture.World world) {
        return given().auth().oauth2(fixture.technicianToken(world)).contentType(ContentType.JSON)
                .body(Map.of("ticketId", world.ticketId(), "hubId", world.hubId(), "templateId", world.templateId(),
                        "durationMinutes", 30, "reason", "heating check"))
                .post("/api/v1/sessions").then().statusCode(201).extract().path("id");
    }

    private String approved(ConsentFixture.World world) {
        String id = requested(world);
        given().auth().oauth2(resident(world)).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/sessions/{id}/approve", id).then().statusCode(200);
        return id;
    }

    private void end(ConsentFixture.World world, String id) {
        given().auth().oauth2(resident(world)).post("/api/v1/sessions/{id}/end", id).then().statusCode(200);
    }

    private static List<String> ids(JsonArray rows) {
        return rows.stream().map(r -> ((JsonObject) r).getString("sessionId")).toList();
    }

    private static List<String> states(JsonArray rows) {
        return rows.stream().map(r -> ((JsonObject) r).getString("state")).toList();
    }

    private long count(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> rows.iterator().next().getLong(0))
                .await().atMost(Duration.ofSeconds(10));
    }
}
