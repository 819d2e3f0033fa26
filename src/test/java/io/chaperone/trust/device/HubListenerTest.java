package io.chaperone.trust.device;

import io.chaperone.relay.RelayWorld;
import io.chaperone.simulator.DeviceIdentity;
import io.chaperone.simulator.SimulatedHub;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mTLS hub listener over real TLS: only a certificate from the device CA, valid, unrevoked and the one
 * enrolled for its hub, admits a hub; the hub id comes from that certificate only.
 */
@QuarkusTest
class HubListenerTest {

    private static final int HANDSHAKE_FAILED = -1;

    @Inject
    RelayWorld world;
    @Inject
    DeviceCa ca;
    @Inject
    Pool pool;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    private long online(UUID hubId) {
        return world.count("SELECT count(*) FROM hubs WHERE id = $1 AND online", hubId);
    }

    @Test
    void shouldAdmitAnEnrolledHubAndNameItFromItsCertificate() {
        DeviceIdentity identity = world.enrollInNewHome();

        SimulatedHub hub = world.connectHub(identity);

        assertThat(hub.agent().hubId()).contains(identity.hubId().toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> online(identity.hubId()) == 1);
    }

    @Test
    void shouldRefuseAHubWithoutAClientCertificate() {
        DeviceIdentity identity = world.enrollInNewHome();
        SimulatedHub hub = world.track(SimulatedHub.builder(world.vertx(), world.hubUri())
                .clientOptions(o -> o.setSsl(true).setTrustOptions(new PemTrustOptions()
                        .addCertValue(Buffer.buffer(identity.caCertificatePem())))).build());

        assertThat(world.upgradeStatus(hub)).isEqualTo(401);
        assertThat(online(identity.hubId())).isZero();
    }

    @Test
    void shouldRefuseACertificateFromAnotherCa() {
        // Given a certificate naming an enrolled hub, for its own key, but signed by a look-alike CA
        DeviceIdentity identity = world.enrollInNewHome();
        KeyPair foreignCaKeys = DeviceTrustFiles.newKeyPair();
        Instant now = Instant.now();
        X509Certificate foreignCa = DeviceTrustFiles.selfSignedCa(ca.certificate().getSubjectX500Principal().getName(),
                foreignCaKeys, now, now.plus(Duration.ofDays(1)));
        X509Certificate forged = DeviceCa.hubCertificate(foreignCa, foreignCaKeys.getPrivate(), identity.hubId(),
                identity.keys().getPublic(), now.minusSeconds(60), now.plus(Duration.ofDays(1)));

        int status = world.hubUpgradeStatus(identity.withCertificate(Pem.certificate(forged), identity.keys()));

        // Then the TLS layer does not accept it (the device CA is the only trust anchor)
        assertThat(status).isEqualTo(HANDSHAKE_FAILED);
        assertThat(online(identity.hubId())).isZero();
    }

    @Test
    void shouldRefuseAnExpiredCertificate() {
        DeviceIdentity identity = world.enrollInNewHome();
        Instant now = Instant.now();
        X509Certificate expired = ca.issue(identity.hubId(), identity.keys().getPublic(),
                now.minus(Duration.ofDays(2)), now.minusSeconds(1));

        int status = world.hubUpgradeStatus(identity.withCertificate(Pem.certificate(expired), identity.keys()));

        assertThat(status).isEqualTo(HANDSHAKE_FAILED);
        assertThat(online(identity.hubId())).isZero();
    }

    @Test
    void shouldRefuseAValidCaCertificateThatIsNotTheEnrolledOne() {
        // Given a certificate the device CA signed for hub B (same key) that is not the one enrolled for B
        DeviceIdentity hubB = world.enrollInNewHome();
        X509Certificate other = ca.issue(hubB.hubId(), hubB.keys().getPublic(), Instant.now());

        int status = world.hubUpgradeStatus(hubB.withCertificate(Pem.certificate(other), hubB.keys()));

        assertThat(status).isEqualTo(403);
        assertThat(online(hubB.hubId())).isZero();
    }

    @Test
    void shouldRefuseTheEnrolledCertificateOnceItIsRevoked() {
        // Given an enrolled hub whose row is intact but whose certificate serial is on the revocation list
        DeviceIdentity identity = world.enrollInNewHome();
        String serial = HubCertificates.serial(Pem.parseCertificate(identity.certificatePem()));
        pool.preparedQuery("INSERT INTO revoked_certificates (serial, hub_id, revoked_at, reason) VALUES ($1, $2, now(), 'test')")
                .execute(Tuple.of(serial, identity.hubId())).await().atMost(Duration.ofSeconds(10));

        // When it connects with that certificate, Then the admission refuses it (403) and it never shows online
        assertThat(world.hubUpgradeStatus(identity)).isEqualTo(403);
        assertThat(online(identity.hubId())).isZero();
    }

    @Test
    void shouldKeepHubAsOwnIdentityWhateverItClaims() {
        // Given hubs A and B; A connects with its own valid certificate
        DeviceIdentity hubA = world.enrollInNewHome();
        DeviceIdentity hubB = world.enrollInNewHome();

        // When A presents itself (its certificate is all it has) and then claims B's id in messages
        SimulatedHub a = world.connectHub(hubA);
        a.send(new io.vertx.core.json.JsonObject().put("type", "inventory").put("hubId", hubB.hubId().toString())
                .put("devices", new io.vertx.core.json.JsonArray()));

        // Then the gateway names it A, and B stays offline with no devices
        assertThat(a.agent().hubId()).contains(hubA.hubId().toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> online(hubA.hubId()) == 1);
        assertThat(online(hubB.hubId())).isZero();
        assertThat(world.deviceCount(hubB.hubId())).isZero();
    }

    @Test
    void shouldIgnoreAForwardedClientCertificateFromAnUntrustedPeer() {
        // Given a valid enrolled certificate, sent as a proxy header over plain HTTP from a peer that is no trusted proxy
        DeviceIdentity identity = world.enrollInNewHome();
        String header = URLEncoder.encode(identity.certificatePem(), StandardCharsets.UTF_8);

        int status;
        try {
            world.open("/ws/hub", Map.of(HubAdmission.FORWARDED_CERT_HEADER, header));
            status = 101;
        } catch (WsClient.Refused refused) {
            status = refused.status();
        }

        assertThat(status).isEqualTo(401);
        assertThat(online(identity.hubId())).isZero();
    }
}
