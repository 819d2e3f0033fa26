package io.chaperone.consent;

import io.chaperone.relay.RelayWorld;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.MutableClock;
import io.chaperone.support.Tokens;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Template versions, sessions keeping theirs, usage and denial rate of a scripted session, and due-for-review. */
@QuarkusTest
class TemplateVersionTest {

    @Inject
    RelayWorld world;
    @Inject
    Tokens tokens;
    @Inject
    MutableClock clock;
    @Inject
    Pool pool;

    @AfterEach
    void cleanUp() {
        clock.reset();
        world.closeAll();
    }

    private static Map<String, Object> spec(String name, List<String> ops, Instant reviewBy) {
        return spec(name, ops, reviewBy, List.of("secret", "network", "media"));
    }

    private static Map<String, Object> spec(String name, List<String> ops, Instant reviewBy, List<String> redacted) {
        Map<String, Object> spec = new HashMap<>(Map.of("name", name, "description", "v", "ops", ops,
                "deviceKinds", RelayWorld.ALL_KINDS, "maxDurationMinutes", 120,
                "redactionDefaults", redacted, "expectedCommandRate", 600,
                "owner", "heating-team"));
        if (reviewBy != null) {
            spec.put("reviewBy", reviewBy.toString());
        }
        return spec;
    }

    private UUID request(Home home, List<Map<String, Object>> grants) {
        return UUID.fromString(given().auth().oauth2(world.technicianToken(home)).contentType(ContentType.JSON)
                .body(Map.of("ticketId", home.ticketId(), "hubId", home.hubId(), "templateId", home.templateId(),
                        "durationMinutes", 60, "reason", "versions", "scope", Map.of("grants", grants)))
                .post("/api/v1/sessions").then().statusCode(201).extract().path("id"));
    }

    private void revoke(Home home, UUID sid) {
        given().auth().oauth2(world.residentToken(home)).post("/api/v1/sessions/{id}/revoke", sid).then().statusCode(200);
    }

    private io.restassured.response.ValidatableResponse reveal(Home home, UUID sid, String dataClass) {
        return given().auth().oauth2(world.residentToken(home)).contentType(ContentType.JSON)
                .body(Map.of("dataClass", dataClass)).post("/api/v1/sessions/{id}/redactions/reveal", sid).then();
    }

    private int versionOf(Home home, UUID sid) {
        return given().auth().oauth2(world.residentToken(home)).get("/api/v1/sessions/{id}", sid)
                .then().statusCode(200).extract().path("templateVersion");
    }

    @Test
    void shouldMakeANewVersionWhileEarlierSessionsKeepTheirsAndCountUsageAndDenials() {
        Home home = world.home(List.of("diag.read", "config.write"), 600);
        String ops = tokens.ops(Tokens.unique("ops"));
        var readOnly = List.of(grant(List.of("thermostat-1"), List.of("diag.read")));

        // Session A, version 1: one allowed command and two refused ones, then revoked.
        UUID a = world.approvedSession(home, readOnly, List.of());
        WsClient technician = world.technician(home, a);
        technician.await(f -> "session".equals(f.getString("type")));
        technician.sendCommand("c-1", "thermostat-1", "diag.read");
        technician.awaitReply("result", "c-1");
        technician.sendCommand("c-2", "lock-1", "diag.read");
        technician.awaitReply("denied", "c-2");
        technician.sendCommand("c-3", "camera-1", "diag.read");
        technician.awaitReply("denied", "c-3");
        await().atMost(Duration.ofSeconds(10)).until(() -> world.count(
                "SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'command.denied'", a) == 2);

        // The change: version 2, without config.write and no longer redacting network data.
        String newName = Tokens.unique("template-v2");
        JsonPath changed = given().auth().oauth2(ops).contentType(ContentType.JSON)
                .body(spec(newName, List.of("diag.read"), null, List.of("secret")))
                .put("/api/v1/templates/{id}", home.templateId()).then().statusCode(200).extract().jsonPath();
        assertThat(changed.getInt("version")).isEqualTo(2);
        assertThat(changed.getString("name")).isEqualTo(newName);
        assertThat(changed.getList("ops")).containsExactly("diag.read");
        assertThat(changed.getString("owner")).isEqualTo("heating-team");
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'template.revised'",
                home.templateId())).isEqualTo(1);
        assertThat(versionOf(home, a)).isEqualTo(1);
        // A is still judged by version 1: network stays redacted by its template.
        reveal(home, a, "network").statusCode(409).body("code", equalTo("redacted_by_template"));
        revoke(home, a);
        assertThat(versionOf(home, a)).isEqualTo(1);

        // Version 1 is kept as it was, and cannot be changed.
        assertThat(world.count("SELECT count(*) FROM session_template_versions WHERE template_id = $1 AND version = 1 "
                + "AND ops = '[\"diag.read\",\"config.write\"]'", home.templateId())).isEqualTo(1);
        assertThatThrownBy(() -> pool.preparedQuery("UPDATE session_template_versions SET ops = '[]' WHERE template_id = $1")
                .execute(Tuple.of(home.templateId())).await().atMost(Duration.ofSeconds(10)))
                .hasMessageContaining("immutable");

        // Under version 2: config.write is no longer allowed; B approved and revoked, C only requested.
        given().auth().oauth2(world.technicianToken(home)).contentType(ContentType.JSON)
                .body(Map.of("ticketId", home.ticketId(), "hubId", home.hubId(), "templateId", home.templateId(),
                        "durationMinutes", 60, "reason", "versions",
                        "scope", Map.of("grants", List.of(grant(List.of("thermostat-1"), List.of("config.write"))))))
                .post("/api/v1/sessions").then().statusCode(422).body("code", equalTo("scope_exceeds_template"));
        UUID b = world.approvedSession(home, readOnly, List.of());
        assertThat(versionOf(home, b)).isEqualTo(2);
        reveal(home, b, "network").statusCode(200);
        revoke(home, b);
        UUID c = request(home, readOnly);
        assertThat(versionOf(home, c)).isEqualTo(2);

        JsonPath view = given().auth().oauth2(ops).get("/api/v1/templates/{id}", home.templateId())
                .then().statusCode(200).extract().jsonPath();
        assertThat(view.getInt("version")).isEqualTo(2);
        assertThat(view.getList("usage.versions.version")).containsExactly(1, 2);
        assertThat(view.getList("usage.versions.sessions")).containsExactly(1, 2);
        assertThat(view.getInt("usage.sessions")).isEqualTo(3);
        assertThat(view.getInt("usage.approvedSessions")).isEqualTo(2);
        assertThat(view.getInt("usage.sessionsWithDenials")).isEqualTo(1);
        assertThat(view.getInt("usage.deniedCommands")).isEqualTo(2);
        assertThat(view.getDouble("usage.denialRate")).isEqualTo(0.5);
        assertThat(view.getInt("usage.sessionsWithAnomalies")).isEqualTo(0);
        assertThat(view.getInt("usage.anomalyFlags")).isEqualTo(0);
        assertThat(view.getDouble("usage.anomalyRate")).isEqualTo(0.0);
        assertThat(view.getInt("feedback.count")).isEqualTo(0);
    }

    @Test
    void shouldListExactlyTheTemplatesPastTheirReviewDate() {
        String ops = tokens.ops(Tokens.unique("ops"));
        Instant due = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
        String prefix = Tokens.unique("review");
        String overdue = prefix + "-overdue";
        String dueNow = prefix + "-due";
        String later = prefix + "-later";
        String never = prefix + "-never";
        for (var s : List.of(spec(overdue, List.of("diag.read"), due.minusSeconds(60)),
                spec(dueNow, List.of("diag.read"), due), spec(later, List.of("diag.read"), due.plusSeconds(3600)),
                spec(never, List.of("diag.read"), null))) {
            given().auth().oauth2(ops).contentType(ContentType.JSON).body(s).post("/api/v1/templates")
                    .then().statusCode(201);
        }

        clock.pin(due.minusMillis(1));
        assertThat(dueNames(ops, prefix)).containsExactly(overdue);
        clock.pin(due);
        assertThat(dueNames(ops, prefix)).containsExactly(overdue, dueNow);
        assertThat(given().auth().oauth2(ops).get("/api/v1/ops/templates/due-for-review").then().statusCode(200)
                .extract().jsonPath().getList("reviewBy", String.class))
                .allSatisfy(at -> assertThat(Instant.parse(at)).isBeforeOrEqualTo(due));

        given().auth().oauth2(tokens.resident(Tokens.unique("resident"))).get("/api/v1/ops/templates/due-for-review")
                .then().statusCode(403);
    }

    private List<String> dueNames(String ops, String prefix) {
        return given().auth().oauth2(ops).get("/api/v1/ops/templates/due-for-review").then().statusCode(200)
                .extract().jsonPath().getList("name", String.class).stream().filter(n -> n.startsWith(prefix)).toList();
    }
}
