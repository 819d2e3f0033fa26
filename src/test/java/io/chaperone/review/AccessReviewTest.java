package io.chaperone.review;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.chaperone.consent.ConsentFixture;
import io.chaperone.notify.NotificationDispatcher;
import io.chaperone.support.MutableClock;
import io.chaperone.support.SmtpServerResource;
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
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
    @Inject
    MutableClock clock;
    @Inject
    NotificationDispatcher dispatcher;

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
    void shouldListExactlyTheHomesNeverGrantEntries() {
        var world = fixture.world();
        var other = fixture.world();
        String camera = neverGrant(world, Map.of("device", "camera-1", "note", "never the cameras"));
        String firmware = neverGrant(world, Map.of("device", "lock-1", "operation", "firmware.update"));
        String personal = neverGrant(world, Map.of("dataClass", "personal"));
        String removed = neverGrant(world, Map.of("operation", "config.write"));
        given().auth().oauth2(resident(world)).delete("/api/v1/homes/{h}/never-grant/{id}", world.homeId(), removed)
                .then().statusCode(204);
        neverGrant(other, Map.of("device", "camera-2"));

        JsonObject review = new JsonObject(given().auth().oauth2(resident(world)).contentType(ContentType.JSON)
                .body(Map.of()).post("/api/v1/homes/{id}/access-reviews", world.homeId())
                .then().statusCode(201).extract().asString());

        JsonArray never = review.getJsonArray("neverGrant");
        assertThat(never.stream().map(e -> ((JsonObject) e).getString("id")).toList())
                .containsExactly(camera, firmware, personal);
        assertThat(never.getJsonObject(0).fieldNames())
                .containsExactlyInAnyOrder("id", "device", "operation", "dataClass", "note", "createdAt");
        assertThat(never.getJsonObject(0).getString("device")).isEqualTo("camera-1");
        assertThat(never.getJsonObject(0).getString("operation")).isNull();
        assertThat(never.getJsonObject(0).getString("note")).isEqualTo("never the cameras");
        assertThat(never.getJsonObject(1).getString("device")).isEqualTo("lock-1");
        assertThat(never.getJsonObject(1).getString("operation")).isEqualTo("firmware.update");
        assertThat(never.getJsonObject(2).getString("dataClass")).isEqualTo("personal");
        assertThat(never.getJsonObject(2).getString("device")).isNull();
    }

    @Test
    void shouldMailTheResidentThatAnOnDemandReviewIsReady() throws Exception {
        var world = fixture.world();
        String address = "review-" + UUID.randomUUID() + "@example.test";
        given().auth().oauth2(resident(world)).contentType(ContentType.JSON)
                .body(Map.of("emailEnabled", true, "emailAddress", address, "webhookEnabled", false, "mutedKinds", List.of()))
                .put("/api/v1/homes/{id}/notification-preferences", world.homeId()).then().statusCode(200);
        String past = approved(world);
        end(world, past);
        String open = approved(world);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try {
            clock.pin(t0);
            String rid = given().auth().oauth2(resident(world)).contentType(ContentType.JSON).body(Map.of())
                    .post("/api/v1/homes/{id}/access-reviews", world.homeId()).then().statusCode(201)
                    .extract().path("id");
            assertThat(count("SELECT count(*) FROM notifications WHERE home_id = $1 AND kind = 'access_review.ready'",
                    world.homeId())).isEqualTo(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM notification_deliveries d"
                    + " JOIN notifications n ON n.id = d.notification_id WHERE n.home_id = $1"
                    + " AND n.kind = 'access_review.ready' AND d.channel = 'email'", world.homeId()) == 1);
            assertThat(messagesTo(address)).isEmpty();

            clock.pin(t0.plus(Duration.ofMinutes(15)));
            dispatcher.pass().await().atMost(Duration.ofSeconds(20));
            // The digest also carries the home's session notices (the unused approval expires at its startBy, which
            // the pinned clock passes too), so the review is looked for in the digests rather than counted alone.
            await().atMost(Duration.ofSeconds(20)).until(() -> messagesTo(address).stream().map(GreenMailUtil::getBody)
                    .anyMatch(b -> b.contains("Your access review is ready")));
            String text = messagesTo(address).stream().map(GreenMailUtil::getBody)
                    .filter(b -> b.contains("Your access review is ready")).findFirst().orElseThrow();
            assertThat(text).contains("Your access review is ready: who had access to your home",
                    "review: " + rid, "sessions: 2", "open approvals: 1", "providers: 1",
                    "Sign in to see the details and to decide: https://gateway.chaperone.local/");
            assertThat(text).doesNotContain(world.homeId().toString(), past, open);
        } finally {
            clock.reset();
        }
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

    private String neverGrant(ConsentFixture.World world, Map<String, Object> entry) {
        return given().auth().oauth2(resident(world)).contentType(ContentType.JSON).body(entry)
                .post("/api/v1/homes/{id}/never-grant", world.homeId()).then().statusCode(201).extract().path("id");
    }

    private static List<MimeMessage> messagesTo(String address) {
        return Arrays.stream(SmtpServerResource.server().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(address));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
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
