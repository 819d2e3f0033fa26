package io.chaperone.privacy;

import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.audit.integrity.Checkpoints;
import io.chaperone.consent.ConsentFixture;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** A home with sessions and audit rows for the privacy tests, built through the real API and writer. */
@ApplicationScoped
public class PrivacyWorld {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final String COMMAND_DETAIL = "{\"args\":{\"setpoint\":21,\"owner\":\"Alice Martin\"}}";

    @Inject
    ConsentFixture fixture;
    @Inject
    AuditWriter writer;
    @Inject
    Pool pool;
    @Inject
    Checkpoints checkpoints;

    ConsentFixture.World world() {
        return fixture.world();
    }

    String resident(ConsentFixture.World world) {
        return fixture.residentToken(world);
    }

    String technician(ConsentFixture.World world) {
        return fixture.technicianToken(world);
    }

    /** A session requested by the world's technician and approved by its resident. */
    UUID approvedSession(ConsentFixture.World world) {
        UUID id = requestedSession(world);
        approve(world, id, Map.of()).statusCode(200);
        return id;
    }

    UUID requestedSession(ConsentFixture.World world) {
        String id = post(technician(world), "/api/v1/sessions", Map.of("ticketId", world.ticketId(), "hubId",
                world.hubId(), "templateId", world.templateId(), "durationMinutes", 30, "reason", "heating check"))
                .statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    ValidatableResponse approve(ConsentFixture.World world, UUID sessionId, Object body) {
        return post(resident(world), "/api/v1/sessions/" + sessionId + "/approve", body);
    }

    void end(ConsentFixture.World world, UUID sessionId) {
        post(resident(world), "/api/v1/sessions/" + sessionId + "/end", null).statusCode(200);
    }

    /** A technician command with a detail holding personal data, committed like the relay does. */
    long command(ConsentFixture.World world, UUID sessionId) {
        return writer.commit(new AuditRecord(sessionId, world.homeId(), Instant.now(), world.technicianSubject(),
                AuditKind.COMMAND, "thermostat-1", "config.write", "forwarded", "c-1", COMMAND_DETAIL))
                .await().atMost(WAIT);
    }

    /** A hub-level event on the hub's chain, once it is committed. */
    void hubEvent(ConsentFixture.World world) {
        long before = count(world.hubId());
        writer.offer(new AuditRecord(world.hubId(), world.homeId(), Instant.now(), "hub:" + world.hubId(),
                AuditKind.HUB_CONNECTED, null, null, "ok", null, "{\"ip\":\"192.0.2.7\"}"));
        await().atMost(WAIT).until(() -> count(world.hubId()) == before + 1);
    }

    /**
     * Writes to both sessions' chains until one checkpoint anchors both (the periodic one may split them);
     * returns that checkpoint's id.
     */
    long anchoredTogether(ConsentFixture.World a, UUID sessionA, ConsentFixture.World b, UUID sessionB) {
        long[] shared = new long[1];
        await().atMost(WAIT).until(() -> {
            command(a, sessionA);
            command(b, sessionB);
            checkpoints.checkpointNow().await().atMost(WAIT);
            var both = rows("SELECT max(id) FROM audit_checkpoints WHERE heads @> $1::jsonb AND heads @> $2::jsonb",
                    Tuple.of(new JsonArray().add(new JsonObject().put("chainId", sessionA.toString())),
                            new JsonArray().add(new JsonObject().put("chainId", sessionB.toString())))).iterator().next();
            Long id = both.getLong(0);
            shared[0] = id == null ? 0 : id;
            return id != null;
        });
        return shared[0];
    }

    long count(UUID chainId) {
        return rows("SELECT count(*) FROM audit_events WHERE chain_id = $1", Tuple.of(chainId)).iterator().next().getLong(0);
    }

    RowSet<Row> rows(String sql, Tuple params) {
        return pool.preparedQuery(sql).execute(params).await().atMost(WAIT);
    }

    static ValidatableResponse post(String token, String path, Object body) {
        var request = given().auth().oauth2(token).contentType(ContentType.JSON);
        if (body != null) {
            request = request.body(body);
        }
        return request.when().post(path).then();
    }

    static ValidatableResponse get(String token, String path) {
        return given().auth().oauth2(token).when().get(path).then();
    }
}
