package io.chaperone.receipt;

import io.chaperone.audit.integrity.Checkpoints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaperone.consent.ConsentFixture;
import io.chaperone.household.AuthorizationDetails;
import io.chaperone.policy.DataClass;
import io.chaperone.policy.Operation;
import io.chaperone.policy.Scope;
import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consent receipts end to end: one per approval, escalation approval and extension approval, signed, stored,
 * chained; verified offline by the verifier users run (src/main/cli/AuditVerifier.java as its own JDK process) and
 * by the gateway; a changed receipt fails both.
 */
@QuarkusTest
class ConsentReceiptTest {

    @Inject
    ConsentFixture fixture;
    @Inject
    Tokens tokens;
    @Inject
    Pool pool;
    @Inject
    Checkpoints checkpoints;

    record Decided(ConsentFixture.World world, String sid, String token, Instant authTime) {
    }

    /** Approved narrowly (diag.read on the thermostat, revealing personal data), escalated, extended by 10 minutes. */
    private Decided decided() {
        var world = fixture.world();
        String technician = fixture.technicianToken(world);
        String sid = given().auth().oauth2(technician).contentType(ContentType.JSON)
                .body(Map.of("ticketId", world.ticketId(), "hubId", world.hubId(), "templateId", world.templateId(),
                        "durationMinutes", 60, "reason", "heating check"))
                .post("/api/v1/sessions").then().statusCode(201).extract().path("id");
        Instant authTime = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        String resident = fixture.residentToken(world, authTime, true);
        given().auth().oauth2(resident).contentType(ContentType.JSON)
                .body(Map.of("scope", scope("thermostat-1", "diag.read"), "reveal", List.of("personal")))
                .post("/api/v1/sessions/{id}/approve", sid).then().statusCode(200);
        String eid = given().auth().oauth2(technician).contentType(ContentType.JSON)
                .body(Map.of("scope", scope("thermostat-1", "config.write"), "reason", "reset schedule"))
                .post("/api/v1/sessions/{id}/escalations", sid).then().statusCode(201).extract().path("id");
        given().auth().oauth2(resident).post("/api/v1/sessions/{id}/escalations/{eid}/approve", sid, eid)
                .then().statusCode(200);
        String xid = given().auth().oauth2(technician).contentType(ContentType.JSON)
                .body(Map.of("minutes", 10, "reason", "log upload")).post("/api/v1/sessions/{id}/extensions", sid)
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(resident).post("/api/v1/sessions/{id}/extensions/{xid}/approve", sid, xid)
                .then().statusCode(200);
        return new Decided(world, sid, resident, authTime);
    }

    @Test
    void shouldIssueASignedChainedReceiptForEveryGrantDecision() throws Exception {
        Decided d = decided();
        JsonArray receipts = new JsonArray(given().auth().oauth2(d.token()).get("/api/v1/sessions/{id}/receipts", d.sid())
                .then().statusCode(200).extract().asString());

        assertThat(receipts.stream().map(r -> ((JsonObject) r).getString("kind")).toList())
                .containsExactly("approval", "escalation", "extension");
        JsonObject approval = receipts.getJsonObject(0).getJsonObject("receipt");
        assertThat(approval.getJsonObject("approver").getString("subject")).isEqualTo(d.world().residentSubject());
        assertThat(approval.getJsonObject("approver").getString("residentId")).isEqualTo(d.world().residentId().toString());
        assertThat(approval.getJsonObject("authentication").getString("acr")).isEqualTo("mfa");
        assertThat(approval.getJsonObject("authentication").getJsonArray("amr").getList()).containsExactly("otp", "pwd");
        assertThat(Instant.parse(approval.getJsonObject("authentication").getString("authTime"))).isEqualTo(d.authTime());
        assertThat(approval.getString("privacyNoticeVersion")).isEqualTo(currentNotice());
        assertThat(approval.getInteger("scopeVersion")).isEqualTo(1);
        JsonObject detail = approval.getJsonArray("authorizationDetails").getJsonObject(0);
        // Household's RFC 9396 form (one shape with the session's granted_authorization_details), which parses back
        // to the grant approved.
        assertThat(detail.getString("type")).isEqualTo(AuthorizationDetails.TYPE);
        assertThat(detail.getString("identifier")).isEqualTo(d.sid());
        assertThat(detail.fieldNames()).containsExactlyInAnyOrder("type", "actions", "locations", "datatypes",
                "duration", "start_by", "identifier");
        var terms = AuthorizationDetails.parse(new ObjectMapper().readTree(approval.getJsonArray("authorizationDetails")
                .encode()), UUID.fromString(d.sid()));
        assertThat(terms.scope().pairs()).containsExactly(new Scope.Pair("thermostat-1", Operation.DIAG_READ));
        assertThat(terms.reveal()).containsExactly(DataClass.PERSONAL);
        assertThat(detail.getJsonArray("actions").getList()).containsExactly("diag.read");
        assertThat(detail.getJsonArray("locations").getList()).containsExactly("thermostat-1");
        assertThat(detail.getJsonArray("datatypes").getList()).containsExactly("personal");
        JsonObject escalation = receipts.getJsonObject(1).getJsonObject("receipt");
        assertThat(escalation.getInteger("scopeVersion")).isEqualTo(2);
        assertThat(escalation.getString("escalationId")).isNotNull();
        JsonObject extension = receipts.getJsonObject(2).getJsonObject("receipt");
        assertThat(extension.getJsonArray("authorizationDetails")).isEqualTo(new JsonObject(given().auth().oauth2(d.token())
                .get("/api/v1/sessions/{id}", d.sid()).then().statusCode(200).extract().asString())
                .getJsonArray("granted_authorization_details"));
        assertThat(extension.getInteger("scopeVersion")).isEqualTo(2);
        assertThat(Instant.parse(extension.getString("expiresAt")))
                .isEqualTo(Instant.parse(approval.getString("expiresAt")).plus(Duration.ofMinutes(10)));
        for (Object r : receipts) {
            JsonObject receipt = (JsonObject) r;
            assertThat(count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'consent.receipt' "
                    + "AND correlation_id = $2 AND detail::jsonb ->> 'receiptHash' = $3", UUID.fromString(d.sid()),
                    receipt.getString("id"), receipt.getString("hash"))).isEqualTo(1);
            given().auth().oauth2(d.token()).get("/api/v1/sessions/{id}/receipts/{rid}/verify", d.sid(), receipt.getString("id"))
                    .then().statusCode(200).body("valid", org.hamcrest.Matchers.equalTo(true));
        }
        assertThat(count("SELECT count(*) FROM consent_receipts WHERE session_id = $1", UUID.fromString(d.sid()))).isEqualTo(3);
        // Nobody else sees them: another resident gets the 404 of an unknown session.
        given().auth().oauth2(tokens.resident(Tokens.unique("resident"))).get("/api/v1/sessions/{id}/receipts", d.sid())
                .then().statusCode(404);
    }

    @Test
    void shouldVerifyAReceiptOfflineAndFailAChangedOne() throws Exception {
        Decided d = decided();
        String rid = given().auth().oauth2(d.token()).get("/api/v1/sessions/{id}/receipts", d.sid())
                .then().statusCode(200).extract().path("[0].id");
        Path receipt = download(d, rid);
        Path jwks = Files.createTempFile("jwks", ".json");
        Files.writeString(jwks, given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString());
        checkpoints.checkpointNow().await().atMost(Duration.ofSeconds(10));
        Path export = export(d);

        Run ok = verify(receipt, jwks, export);
        assertThat(ok.exit()).as(ok.lines().toString()).isZero();
        assertThat(ok.lines()).anySatisfy(l -> assertThat(l).startsWith("receipt " + rid + " signature OK"));
        assertThat(ok.lines()).anySatisfy(l -> assertThat(l).startsWith("receipt " + rid + " in chain " + d.sid()));
        assertThat(ok.lines()).last().isEqualTo("OK");

        // The readable part edited (a wider grant than was approved): it no longer matches the signed payload.
        JsonObject edited = new JsonObject(Files.readString(receipt));
        edited.getJsonObject("receipt").getJsonArray("authorizationDetails").getJsonObject(0)
                .getJsonArray("actions").add("firmware.update");
        Run readable = verify(write(edited), jwks, null);
        assertThat(readable.exit()).isEqualTo(1);
        assertThat(readable.lines()).anySatisfy(l -> assertThat(l).contains("BROKEN reason=payload"));

        // The stored receipt changed in the database (payload swapped under the old signature): the signature and
        // the chain both say so, offline and at the gateway.
        JsonObject stored = new JsonObject(Files.readString(receipt));
        String[] parts = stored.getString("jws").split("\\.");
        JsonObject payload = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        payload.put("privacyNoticeVersion", "0.0-never-shown");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.encode().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        pool.preparedQuery("UPDATE consent_receipts SET jws = $2 WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(rid), forged)).await().atMost(Duration.ofSeconds(10));
        given().auth().oauth2(d.token()).get("/api/v1/sessions/{id}/receipts/{rid}/verify", d.sid(), rid)
                .then().statusCode(200).body("signatureValid", org.hamcrest.Matchers.equalTo(false))
                .body("hashMatches", org.hamcrest.Matchers.equalTo(false))
                .body("inChain", org.hamcrest.Matchers.equalTo(false))
                .body("chainValid", org.hamcrest.Matchers.equalTo(true))
                .body("valid", org.hamcrest.Matchers.equalTo(false));
        Run changed = verify(download(d, rid), jwks, export);
        assertThat(changed.exit()).isEqualTo(1);
        assertThat(changed.lines()).anySatisfy(l -> assertThat(l).contains("BROKEN reason=signature"));
        assertThat(changed.lines()).anySatisfy(l -> assertThat(l).contains("BROKEN reason=not_in_chain"));
        assertThat(changed.lines()).last().isEqualTo("FAILED");
    }

    private static Map<String, Object> scope(String device, String op) {
        return Map.of("grants", List.of(Map.of("devices", List.of(device), "ops", List.of(op))));
    }

    private static String currentNotice() {
        return given().get("/api/v1/privacy-notice").then().statusCode(200).extract().path("version");
    }

    private Path download(Decided d, String rid) throws Exception {
        return write(new JsonObject(given().auth().oauth2(d.token()).get("/api/v1/sessions/{id}/receipts/{rid}", d.sid(), rid)
                .then().statusCode(200).extract().asString()));
    }

    private Path export(Decided d) throws Exception {
        Path file = Files.createTempFile("chaperone-export", ".json");
        Files.write(file, given().auth().oauth2(d.token()).get("/api/v1/homes/{id}/export", d.world().homeId())
                .then().statusCode(200).extract().asByteArray());
        return file;
    }

    private static Path write(JsonObject json) throws Exception {
        Path file = Files.createTempFile("receipt", ".json");
        Files.writeString(file, json.encode());
        return file;
    }

    private long count(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> rows.iterator().next().getLong(0))
                .await().atMost(Duration.ofSeconds(10));
    }

    /** The verifier as users run it: the launcher script on the single-file source. */
    private static Run verify(Path receipt, Path jwks, Path export) throws Exception {
        String javaHome = Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent().getParent().toString();
        List<String> command = new java.util.ArrayList<>(List.of("sh",
                Path.of("src/main/cli/chaperone-audit-verify").toAbsolutePath().toString(), "--receipt",
                receipt.toString(), jwks.toString()));
        if (export != null) {
            command.add(export.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", javaHome);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the verifier finished").isTrue();
        return new Run(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList());
    }

    private record Run(int exit, List<String> lines) {
    }
}
