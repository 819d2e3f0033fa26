package io.chaperone.trust.device;

import io.chaperone.relay.RelayWorld;
import io.chaperone.simulator.DeviceIdentity;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Behind a TLS-terminating proxy (this test's peer address is configured as one), a hub is believed only from
 * the proxy's real {@code X-Forwarded-Client-Cert} header, never from a header smuggled in a subprotocol value.
 */
@QuarkusTest
@TestProfile(ForwardedHubCertificateTest.BehindProxy.class)
class ForwardedHubCertificateTest {

    public static class BehindProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chaperone.devices.trusted-proxies", "127.0.0.1");
        }
    }

    @Inject
    RelayWorld world;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    private int upgrade(Map<String, String> headers) {
        try {
            world.open("/ws/hub", headers);
            return 101;
        } catch (WsClient.Refused refused) {
            return refused.status();
        }
    }

    private long online(UUID hubId) {
        return world.count("SELECT count(*) FROM hubs WHERE id = $1 AND online", hubId);
    }

    @Test
    void shouldAdmitAHubWhoseCertificateTheTrustedProxyForwards() {
        DeviceIdentity identity = world.enrollInNewHome();

        int status = upgrade(Map.of(HubAdmission.FORWARDED_CERT_HEADER,
                URLEncoder.encode(identity.certificatePem(), StandardCharsets.UTF_8)));

        assertThat(status).isEqualTo(101);
        await().atMost(Duration.ofSeconds(10)).until(() -> online(identity.hubId()) == 1);
    }

    @Test
    void shouldRefuseAHubWhoseCertificateComesOnlyInsideTheSubprotocol() {
        // Given an enrolled hub's public certificate, carried as a header inside a subprotocol value
        DeviceIdentity identity = world.enrollInNewHome();
        String carrier = URLEncoder.encode("quarkus-http-upgrade#" + HubAdmission.FORWARDED_CERT_HEADER + "#"
                + URLEncoder.encode(identity.certificatePem(), StandardCharsets.UTF_8), StandardCharsets.UTF_8);

        int status = upgrade(Map.of("Sec-WebSocket-Protocol", "bearer-token-carrier, " + carrier));

        // Then the hub leg sees no certificate at all, and the hub stays offline
        assertThat(status).isEqualTo(401);
        assertThat(online(identity.hubId())).isZero();
    }
}
