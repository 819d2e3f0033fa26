package io.chaperone.trust.device;

import io.chaperone.audit.AuditRows;
import io.chaperone.audit.AuditRows.Stored;
import io.chaperone.relay.RelayWorld;
import io.chaperone.simulator.DeviceIdentity;
import io.chaperone.simulator.HubAttester;
import io.chaperone.simulator.HubEnroller;
import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The C1 audit records of device trust: claim and enrollment on the home's chain, removal and revocation on the
 * hub's, baselines and vendor keys on the catalogue chain; each names who acted and nothing secret.
 */
@QuarkusTest
class DeviceTrustAuditTest {

    @Inject
    Tokens tokens;
    @Inject
    RelayWorld world;
    @Inject
    AuditRows audit;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    private record Resident(String subject, UUID homeId) {
    }

    private Resident resident() {
        String subject = Tokens.unique("resident");
        return new Resident(subject, world.newHome(subject));
    }

    private List<Stored> catalogueRows(String correlationId) {
        return audit.of(DeviceTrustAudit.CATALOGUE_CHAIN).stream()
                .filter(row -> correlationId.equals(row.correlationId())).toList();
    }

    @Test
    void shouldAuditTheClaimCodeAndTheEnrollmentOnTheHomeChain() {
        // Given a resident's home
        Resident resident = resident();

        // When the resident gets a claim code and a hub enrolls with it
        String code = given().auth().oauth2(tokens.resident(resident.subject()))
                .post("/api/v1/homes/{id}/hub-claims", resident.homeId()).then().statusCode(201).extract().path("claimCode");
        DeviceIdentity identity = HubEnroller.enroll(URI.create("http://127.0.0.1:" + RestAssured.port), code, "hub",
                RelayWorld.MODEL, RelayWorld.FIRMWARE);

        // Then the home's chain holds exactly the claim (by the resident) and the enrollment (by the hub)
        List<Stored> rows = audit.of(resident.homeId());
        assertThat(rows).extracting(Stored::kind).containsExactly("hub.claim_issued", "hub.enrolled");
        Stored claim = rows.get(0);
        assertThat(claim.actor()).isEqualTo(resident.subject());
        assertThat(claim.outcome()).isEqualTo("issued");
        assertThat(new JsonObject(claim.detail()).fieldNames()).containsExactly("expiresAt");
        Stored enrolled = rows.get(1);
        assertThat(enrolled.actor()).isEqualTo("hub:" + identity.hubId());
        assertThat(enrolled.outcome()).isEqualTo("enrolled");
        assertThat(enrolled.correlationId()).isEqualTo(identity.hubId().toString());
        assertThat(new JsonObject(enrolled.detail()).getString("certSerial"))
                .isEqualTo(HubCertificates.serial(Pem.parseCertificate(identity.certificatePem())));
        // and the claim code itself is nowhere in the trail
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE home_id = $1 AND concat_ws('|', actor, outcome,"
                + " correlation_id, detail) LIKE '%' || $2 || '%'", resident.homeId(), code)).isZero();
    }

    @Test
    void shouldAuditTheRemovalAndTheCertificateRevocationOnTheHubChain() {
        Resident resident = resident();
        DeviceIdentity identity = world.enroll(resident.subject(), resident.homeId());
        String serial = HubCertificates.serial(Pem.parseCertificate(identity.certificatePem()));

        given().auth().oauth2(tokens.resident(resident.subject()))
                .delete("/api/v1/homes/{id}/hubs/{hub}", resident.homeId(), identity.hubId()).then().statusCode(204);

        List<Stored> rows = audit.of(identity.hubId());
        assertThat(rows).extracting(Stored::kind).containsExactly("hub.removed", "hub.certificate_revoked");
        assertThat(rows).extracting(Stored::actor).containsOnly(resident.subject());
        assertThat(rows).extracting(Stored::homeId).containsOnly(resident.homeId());
        assertThat(rows.get(1).correlationId()).isEqualTo(serial);
        assertThat(new JsonObject(rows.get(1).detail()).getString("reason")).isEqualTo("removed by resident");
    }

    @Test
    void shouldAuditANewBaselineOnceAndNotADuplicate() {
        String ops = Tokens.unique("ops");
        String model = Tokens.unique("model");
        Map<String, Object> body = Map.of("model", model, "firmware", "2.0.0",
                "measurements", HubAttester.referenceMeasurements(model, "2.0.0"));

        String id = given().auth().oauth2(tokens.ops(ops)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/ops/attestation-baselines").then().statusCode(201).extract().path("id");
        given().auth().oauth2(tokens.ops(ops)).contentType(ContentType.JSON).body(body)
                .post("/api/v1/ops/attestation-baselines").then().statusCode(409);

        List<Stored> rows = catalogueRows(id);
        assertThat(rows).extracting(Stored::kind).containsExactly("attestation_baseline.registered");
        assertThat(rows.get(0).actor()).isEqualTo(ops);
        assertThat(new JsonObject(rows.get(0).detail()).getString("model")).isEqualTo(model);
    }

    @Test
    void shouldAuditANewVendorKey() throws Exception {
        String ops = Tokens.unique("ops");
        byte[] spki = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
        String raw = Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));

        String id = given().auth().oauth2(tokens.ops(ops)).contentType(ContentType.JSON)
                .body(Map.of("model", Tokens.unique("model"), "publicKey", raw))
                .post("/api/v1/ops/vendor-keys").then().statusCode(201).extract().path("id");

        List<Stored> rows = catalogueRows(id);
        assertThat(rows).extracting(Stored::kind).containsExactly("vendor_key.registered");
        assertThat(rows.get(0).actor()).isEqualTo(ops);
        assertThat(new JsonObject(rows.get(0).detail()).getString("publicKey")).isEqualTo(raw);
    }
}
