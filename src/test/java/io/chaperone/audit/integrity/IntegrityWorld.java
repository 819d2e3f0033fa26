package io.chaperone.audit.integrity;

import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.consent.ConsentFixture;
import io.chaperone.support.Tokens;
import io.restassured.http.ContentType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** A real session (requested over REST, so its chain starts with session.requested) and records in its chain. */
@ApplicationScoped
public class IntegrityWorld {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ConsentFixture fixture;
    @Inject
    AuditWriter writer;
    @Inject
    Checkpoints checkpoints;
    @Inject
    AuditChains chains;
    @Inject
    Tokens tokens;

    public record Session(UUID id, ConsentFixture.World world, String residentToken, String technicianToken) {
    }

    /** A requested session whose chain holds {@code records} rows in all (seq 1 is session.requested). */
    public Session session(int records) {
        ConsentFixture.World world = fixture.world();
        String technician = fixture.technicianToken(world);
        String id = given().auth().oauth2(technician).contentType(ContentType.JSON)
                .body(Map.of("ticketId", world.ticketId(), "hubId", world.hubId(), "templateId", world.templateId(),
                        "durationMinutes", 30, "reason", "integrity test"))
                .when().post("/api/v1/sessions").then().statusCode(201).extract().path("id");
        Session session = new Session(UUID.fromString(id), world, fixture.residentToken(world), technician);
        for (int i = 2; i <= records; i++) {
            append(session, "c-" + i);
        }
        return session;
    }

    public long append(Session session, String correlationId) {
        return writer.commit(new AuditRecord(session.id(), session.world().homeId(), Instant.now(), session.world().technicianSubject(),
                AuditKind.COMMAND, "thermostat-1", "diag.read", "forwarded", correlationId, "{\"n\":\"" + correlationId + "\"}"))
                .await().atMost(WAIT);
    }

    /** Waits until a signed checkpoint records the chain at {@code seq} or later (the periodic one may win). */
    public Checkpoint anchored(UUID chainId, long seq) {
        await().atMost(WAIT).until(() -> {
            checkpoints.checkpointNow().await().atMost(WAIT);
            return chains.latestCovering(chainId).await().atMost(WAIT)
                    .flatMap(c -> c.headOf(chainId)).map(h -> h.seq() >= seq).orElse(false);
        });
        return chains.latestCovering(chainId).await().atMost(WAIT).orElseThrow();
    }

    /** Appends to both chains until one checkpoint anchors both heads (the periodic one may split them); returns it. */
    public Checkpoint anchoredTogether(Session a, Session b) {
        await().atMost(WAIT).until(() -> {
            append(a, "together");
            append(b, "together");
            checkpoints.checkpointNow().await().atMost(WAIT);
            Checkpoint latest = chains.latestCovering(a.id()).await().atMost(WAIT).orElse(null);
            return latest != null && latest.headOf(b.id()).isPresent();
        });
        return chains.latestCovering(a.id()).await().atMost(WAIT).orElseThrow();
    }

    public String otherResidentToken() {
        return fixture.residentToken(fixture.world());
    }

    public String opsToken() {
        return tokens.ops(Tokens.unique("ops"));
    }
}
