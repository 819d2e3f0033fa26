package io.chaperone.trust.device;

import io.chaperone.relay.RelayWorld;
import io.chaperone.simulator.DeviceIdentity;
import io.chaperone.simulator.HubEnroller;
import io.chaperone.support.MutableClock;
import io.chaperone.support.Tokens;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Claim codes and enrollment over REST against the real database. */
@QuarkusTest
class DeviceEnrollmentTest {

    @Inject
    Tokens tokens;
    @Inject
    MutableClock clock;
    @Inject
    RelayWorld world;

    @AfterEach
    void cleanUp() {
        clock.reset();
        world.closeAll();
    }

    private record Resident(String subject, UUID homeId) {
    }

    private Resident resident() {
        String subject = Tokens.unique("resident");
        String homeId = given().auth().oauth2(tokens.resident(subject)).contentType(ContentType.JSON)
                .body(Map.of("name", "flat")).post("/api/v1/homes").then().statusCode(201).extract().path("id");
        return new Resident(subject, UUID.fromString(homeId));
    }

    private String claim(Resident resident) {
        return given().auth().oauth2(tokens.resident(resident.subject())).post("/api/v1/homes/{id}/hub-claims", resident.homeId())
                .then().statusCode(201).extract().path("claimCode");
    }

    private ExtractableResponse<Response> enroll(String code, String csr) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("claimCode", code, "csr", csr, "name", "hub", "model", RelayWorld.MODEL, "firmware", RelayWorld.FIRMWARE))
                .post("/api/v1/hubs/enroll").then().extract();
    }

    private long hubsOf(UUID homeId) {
        return world.count("SELECT count(*) FROM hubs WHERE home_id = $1", homeId);
    }

    @Test
    void shouldIssueACertificateNamingTheNewHubAndRecordItsKey() throws Exception {
        // Given a claim code of a resident's home and a hub key pair
        Resident resident = resident();
        String code = claim(resident);
        KeyPair keys = DeviceTrustFiles.newKeyPair();

        // When the hub enrolls with a CSR for that key
        ExtractableResponse<Response> response = enroll(code, HubEnroller.csr(keys));

        // Then it gets a client certificate from the device CA naming its hub id, for its own key
        assertThat(response.statusCode()).isEqualTo(201);
        UUID hubId = UUID.fromString(response.path("hubId"));
        X509Certificate certificate = Pem.parseCertificate(response.path("certificate"));
        X509Certificate ca = Pem.parseCertificate(response.path("caCertificate"));
        certificate.verify(ca.getPublicKey());
        assertThat(HubCertificates.hubId(certificate)).contains(hubId);
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=urn:chaperone:hub:" + hubId);
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(365).plusMinutes(1));
        // and the hub row holds the enrolled key, serial and fingerprint; the claim is used, by hash only
        assertThat(world.count("SELECT count(*) FROM hubs WHERE id = $1 AND home_id = $2 AND public_key = $3"
                        + " AND cert_serial = $4 AND cert_fingerprint = $5 AND NOT quarantined",
                hubId, resident.homeId(), java.util.Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()),
                certificate.getSerialNumber().toString(16), Pem.fingerprint(certificate))).isEqualTo(1);
        assertThat(world.count("SELECT count(*) FROM hub_claims WHERE home_id = $1 AND hub_id = $2 AND used_at IS NOT NULL"
                + " AND code_hash = $3", resident.homeId(), hubId, HubClaim.hashOf(code))).isEqualTo(1);
        assertThat(world.count("SELECT count(*) FROM hub_claims WHERE code_hash = $1 OR home_id::text = $1", code)).isZero();
    }

    @Test
    void shouldRefuseAClaimCodeUsedTwice() {
        // Given a code that enrolled one hub
        Resident resident = resident();
        String code = claim(resident);
        assertThat(enroll(code, HubEnroller.csr(DeviceTrustFiles.newKeyPair())).statusCode()).isEqualTo(201);

        // When a second hub tries the same code
        ExtractableResponse<Response> again = enroll(code, HubEnroller.csr(DeviceTrustFiles.newKeyPair()));

        // Then it is refused and no second hub exists
        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(again.<String>path("code")).isEqualTo("claim_invalid");
        assertThat(hubsOf(resident.homeId())).isEqualTo(1);
    }

    @Test
    void shouldAcceptAClaimCodeOneMillisecondBeforeItExpires() {
        Resident resident = resident();
        Instant issued = Instant.now();
        clock.pin(issued);
        String code = claim(resident);

        clock.pin(issued.plus(Duration.ofMinutes(15)).minusMillis(1));
        ExtractableResponse<Response> response = enroll(code, HubEnroller.csr(DeviceTrustFiles.newKeyPair()));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(hubsOf(resident.homeId())).isEqualTo(1);
    }

    @Test
    void shouldRefuseAClaimCodeAtItsExpiry() {
        Resident resident = resident();
        Instant issued = Instant.now();
        clock.pin(issued);
        String code = claim(resident);

        clock.pin(issued.plus(Duration.ofMinutes(15)));
        ExtractableResponse<Response> response = enroll(code, HubEnroller.csr(DeviceTrustFiles.newKeyPair()));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.<String>path("code")).isEqualTo("claim_invalid");
        assertThat(hubsOf(resident.homeId())).isZero();
        assertThat(world.count("SELECT count(*) FROM hub_claims WHERE home_id = $1 AND used_at IS NULL", resident.homeId()))
                .isEqualTo(1);
    }

    @Test
    void shouldRefuseAnUnknownClaimCode() {
        ExtractableResponse<Response> response = enroll("NOTACODE99", HubEnroller.csr(DeviceTrustFiles.newKeyPair()));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.<String>path("code")).isEqualTo("claim_invalid");
    }

    @Test
    void shouldRefuseACsrWhoseSignatureDoesNotVerifyWithoutUsingTheCode() {
        // Given a CSR whose signature bytes were altered
        Resident resident = resident();
        String code = claim(resident);
        String csr = HubEnroller.csr(DeviceTrustFiles.newKeyPair());
        byte[] der = java.util.Base64.getMimeDecoder().decode(csr.replaceAll("-----[A-Z ]+-----", ""));
        der[der.length - 5] ^= 0x01;
        String tampered = Pem.block("CERTIFICATE REQUEST", der);

        ExtractableResponse<Response> response = enroll(code, tampered);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.<String>path("code")).isEqualTo("invalid_csr");
        // and the code is still good for the genuine hub
        assertThat(enroll(code, HubEnroller.csr(DeviceTrustFiles.newKeyPair())).statusCode()).isEqualTo(201);
    }

    @Test
    void shouldRefuseACsrWhoseKeyIsNeitherP256NorEd25519WithoutUsingTheCode() throws Exception {
        // Given one claim code and properly self-signed requests for keys a hub may not have
        Resident resident = resident();
        String code = claim(resident);
        Provider bc = new BouncyCastleProvider();
        Map<String, String> requests = Map.of(
                "P-384", csr(ecKeys("secp384r1", null), "SHA384withECDSA", null),
                "secp256k1", csr(ecKeys("secp256k1", bc), "SHA256withECDSA", bc),
                "RSA", csr(rsaKeys(), "SHA256withRSA", null));

        requests.forEach((key, csr) -> {
            // When a hub enrolls with each
            ExtractableResponse<Response> response = enroll(code, csr);

            // Then each is refused as an unsupported key, with a stable code and nothing else said
            assertThat(response.statusCode()).as(key).isEqualTo(400);
            assertThat(response.contentType()).as(key).startsWith("application/problem+json");
            assertThat(response.<String>path("code")).as(key).isEqualTo("unsupported_key");
        });
        assertThat(hubsOf(resident.homeId())).isZero();
        assertThat(world.count("SELECT count(*) FROM hub_claims WHERE home_id = $1 AND used_at IS NULL", resident.homeId()))
                .isEqualTo(1);
    }

    @Test
    void shouldEnrollAnEd25519HubThatThenConnectsAndAttests() throws Exception {
        Resident resident = resident();
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();

        ExtractableResponse<Response> response = enroll(claim(resident), HubEnroller.csr(keys));

        assertThat(response.statusCode()).isEqualTo(201);
        DeviceIdentity identity = new DeviceIdentity(UUID.fromString(response.path("hubId")), keys,
                response.path("certificate"), response.path("caCertificate"));
        var hub = world.connectHub(identity);
        assertThat(hub.agent().receivedFrames()).anyMatch(f -> "welcome".equals(f.getString("type"))
                && Boolean.TRUE.equals(f.getBoolean("trusted")));
    }

    private static KeyPair ecKeys(String curve, Provider provider) throws Exception {
        KeyPairGenerator generator = provider == null ? KeyPairGenerator.getInstance("EC")
                : KeyPairGenerator.getInstance("EC", provider);
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static KeyPair rsaKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** A self-signed request whose signature is valid: only its key type is wrong. */
    private static String csr(KeyPair keys, String algorithm, Provider provider) throws Exception {
        JcaContentSignerBuilder signer = new JcaContentSignerBuilder(algorithm);
        if (provider != null) {
            signer.setProvider(provider);
        }
        return Pem.block("CERTIFICATE REQUEST", new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=hub"),
                keys.getPublic()).build(signer.build(keys.getPrivate())).getEncoded());
    }

    @Test
    void shouldRefuseSomethingThatIsNotACsr() {
        Resident resident = resident();
        ExtractableResponse<Response> response = enroll(claim(resident), "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.<String>path("code")).isEqualTo("invalid_csr");
        assertThat(response.asString()).doesNotContain("Exception").doesNotContain("AAAA");
    }

    @Test
    void shouldNotGiveAClaimCodeForSomeoneElsesHome() {
        Resident owner = resident();

        given().auth().oauth2(tokens.resident(Tokens.unique("intruder"))).post("/api/v1/homes/{id}/hub-claims", owner.homeId())
                .then().statusCode(404);

        assertThat(world.count("SELECT count(*) FROM hub_claims WHERE home_id = $1", owner.homeId())).isZero();
    }

    @Test
    void shouldRemoveAHubRevokeItsCertificateAndCloseItsConnection() {
        // Given an enrolled hub that is connected
        Resident resident = resident();
        DeviceIdentity identity = world.enroll(resident.subject(), resident.homeId());
        var hub = world.connectHub(identity);

        // When the resident removes it
        given().auth().oauth2(tokens.resident(resident.subject()))
                .delete("/api/v1/homes/{id}/hubs/{hub}", resident.homeId(), identity.hubId()).then().statusCode(204);

        // Then its connection closes with 4010, its serial is revoked, it is gone from the list and cannot reconnect
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> hub.lastCloseCode().isPresent());
        assertThat(hub.lastCloseCode()).contains(4010);
        assertThat(world.count("SELECT count(*) FROM revoked_certificates WHERE hub_id = $1", identity.hubId())).isEqualTo(1);
        given().auth().oauth2(tokens.resident(resident.subject())).get("/api/v1/homes/{id}/hubs", resident.homeId())
                .then().statusCode(200).body("size()", org.hamcrest.Matchers.is(0));
        assertThat(world.hubUpgradeStatus(identity)).isEqualTo(403);
    }

    @Test
    void shouldNotLetAnotherResidentRemoveAHub() {
        Resident owner = resident();
        DeviceIdentity identity = world.enroll(owner.subject(), owner.homeId());

        given().auth().oauth2(tokens.resident(Tokens.unique("intruder")))
                .delete("/api/v1/homes/{id}/hubs/{hub}", owner.homeId(), identity.hubId()).then().statusCode(404);

        assertThat(world.count("SELECT count(*) FROM revoked_certificates WHERE hub_id = $1", identity.hubId())).isZero();
        assertThat(world.hubUpgradeStatus(identity)).isEqualTo(101);
    }
}
