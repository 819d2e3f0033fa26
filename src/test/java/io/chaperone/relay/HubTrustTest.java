package io.chaperone.relay;

import io.chaperone.simulator.DeviceIdentity;
import io.chaperone.simulator.HubAttester;
import io.chaperone.simulator.HubAttester.Mode;
import io.chaperone.simulator.SimulatedHub;
import io.chaperone.support.MutableClock;
import io.chaperone.trust.device.DeviceCa;
import io.chaperone.trust.device.HubCertificates;
import io.chaperone.trust.device.Pem;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

import static io.chaperone.relay.RelayWorld.ALL_KINDS;
import static io.chaperone.relay.RelayWorld.FIRMWARE;
import static io.chaperone.relay.RelayWorld.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Only the real hub is the hub, for as long as it is: no inventory before a passed attestation, no firmware
 * below the highest one attested, and no live connection past its certificate's notAfter.
 */
@QuarkusTest
class HubTrustTest {

    private static final String NEWER_FIRMWARE = "1.5.0";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    RelayWorld world;
    @Inject
    MutableClock clock;
    @Inject
    DeviceCa ca;
    @Inject
    LiveRegistry registry;
    @Inject
    HubCertificateExpiry expiry;
    @Inject
    Pool pool;

    @AfterEach
    void cleanUp() {
        clock.reset();
        world.closeAll();
    }

    private static boolean receivedError(SimulatedHub hub, String code) {
        return hub.agent().receivedFrames().stream()
                .anyMatch(f -> "error".equals(f.getString("type")) && code.equals(f.getString("code")));
    }

    private static JsonObject lastWelcome(SimulatedHub hub) {
        return hub.agent().receivedFrames().stream().filter(f -> "welcome".equals(f.getString("type")))
                .reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void shouldRefuseAnInventoryBeforeTheHubPassedAttestation() {
        // Given a connected hub that has not answered its attestation challenge yet
        DeviceIdentity identity = world.enrollInNewHome();
        HubAttester held = new HubAttester(identity, MODEL, FIRMWARE).mode(Mode.HOLD);
        SimulatedHub hub = world.track(world.hubBuilder(identity).attestation(held).build());
        hub.connect();
        await().atMost(WAIT).until(() -> held.heldNonce() != null);

        // When it sends an inventory
        hub.send(hub.agent().inventory());

        // Then it is refused with an error frame and nothing is stored
        await().atMost(WAIT).until(() -> receivedError(hub, HubLeg.NOT_ATTESTED));
        assertThat(world.deviceCount(identity.hubId())).isZero();
        // and once its evidence passes, the inventory it sends on welcome is stored
        hub.send(held.release());
        await().atMost(WAIT).until(() -> world.deviceCount(identity.hubId()) == ALL_KINDS.size());
    }

    @Test
    void shouldQuarantineAHubThatAttestsAFirmwareBelowOneItAttestedBefore() {
        // Given baselines for two firmware versions, and a hub that attested the newer one
        world.registerBaseline(MODEL, NEWER_FIRMWARE);
        DeviceIdentity identity = world.enrollInNewHome();
        world.connectHub(identity, new HubAttester(identity, MODEL, NEWER_FIRMWARE));
        assertThat(world.count("SELECT count(*) FROM hub_firmware_floors WHERE hub_id = $1 AND firmware = $2",
                identity.hubId(), NEWER_FIRMWARE)).isEqualTo(1);

        // When it reconnects attesting the older firmware, whose baseline is still registered
        SimulatedHub older = world.connectHub(identity, new HubAttester(identity, MODEL, FIRMWARE));

        // Then the attestation fails as a rollback, the hub is quarantined and its floor stays
        assertThat(lastWelcome(older).getBoolean("trusted")).isFalse();
        await().atMost(WAIT).until(() -> world.count("SELECT count(*) FROM hubs WHERE id = $1 AND quarantined"
                + " AND quarantine_reason = 'firmware_rollback' AND firmware = $2", identity.hubId(), NEWER_FIRMWARE) == 1);
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'attestation.failed'"
                + " AND outcome = 'failed:firmware_rollback'", identity.hubId())).isEqualTo(1);
        assertThat(world.count("SELECT count(*) FROM hub_firmware_floors WHERE hub_id = $1 AND firmware = $2",
                identity.hubId(), NEWER_FIRMWARE)).isEqualTo(1);
    }

    /** A hub whose enrolled certificate is replaced by one valid until about {@code lifetime} from now, connected. */
    private SimulatedHub connectedUntil(DeviceIdentity enrolled, Duration lifetime) {
        Instant now = Instant.now();
        X509Certificate shortLived = ca.issue(enrolled.hubId(), enrolled.keys().getPublic(), now.minusSeconds(60),
                now.plus(lifetime));
        pool.preparedQuery("UPDATE hubs SET cert_serial = $2, cert_fingerprint = $3 WHERE id = $1")
                .execute(Tuple.of(enrolled.hubId(), HubCertificates.serial(shortLived), Pem.fingerprint(shortLived)))
                .await().atMost(WAIT);
        return world.connectHub(enrolled.withCertificate(Pem.certificate(shortLived), enrolled.keys()));
    }

    @Test
    void shouldCloseALiveHubWith4012WhenItsCertificateRunsOut() {
        // Given a hub connected with a certificate that expires in a few seconds
        DeviceIdentity enrolled = world.enrollInNewHome();
        SimulatedHub hub = connectedUntil(enrolled, Duration.ofSeconds(8));

        // When its notAfter passes, with no frame from anyone, then the gateway closes it with 4012
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.lastCloseCode().isPresent());
        assertThat(hub.lastCloseCode()).contains(4012);
        await().atMost(WAIT).until(() -> registry.hub(enrolled.hubId()) == null);
    }

    @Test
    void shouldCloseALiveHubOneMillisecondAfterItsCertificateExpires() {
        // Given a hub connected with a certificate that expires in ten minutes (X.509 keeps whole seconds)
        DeviceIdentity enrolled = world.enrollInNewHome();
        SimulatedHub hub = connectedUntil(enrolled, Duration.ofMinutes(10));
        LiveHub live = registry.hub(enrolled.hubId());
        Instant notAfter = live.admitted().certificateNotAfter();

        // When the expiry check runs exactly at notAfter, the certificate is still valid
        clock.pin(notAfter);
        expiry.check(live);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(hub::isConnected);

        // Then one millisecond later the connection is closed with 4012
        clock.pin(notAfter.plusMillis(1));
        await().atMost(WAIT).until(() -> hub.lastCloseCode().isPresent());
        assertThat(hub.lastCloseCode()).contains(4012);
        await().atMost(WAIT).until(() -> registry.hub(enrolled.hubId()) == null);
    }
}
