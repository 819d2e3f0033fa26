package io.chaperone.trust.device;

import io.chaperone.relay.LiveHub;
import io.chaperone.relay.LiveRegistry;
import io.chaperone.simulator.DeviceIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSession;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every guarantee of {@link HubListenerTest} (only the enrolled, valid device-CA certificate admits a hub) with the
 * hub listener on BoringSSL ({@code chaperone.relay.hub-tls-engine=openssl}, ADR 0035), and proof that it is.
 */
@QuarkusTest
@TestProfile(HubListenerOpenSslTest.OpenSslListener.class)
class HubListenerOpenSslTest extends HubListenerTest {

    @Inject
    LiveRegistry registry;

    @Test
    void shouldServeTheHubOverBoringSslWithItsClientCertificate() throws Exception {
        // Given an enrolled hub
        DeviceIdentity identity = world.enrollInNewHome();

        // When it connects
        world.connectHub(identity);

        // Then its server-side TLS session is OpenSSL's and carries the hub's own certificate
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.hub(identity.hubId()) != null);
        LiveHub hub = registry.hub(identity.hubId());
        SSLSession session = hub.outbox().connection().sslSession();
        assertThat(session.getClass().getName()).contains("OpenSsl");
        X509Certificate peer = (X509Certificate) session.getPeerCertificates()[0];
        assertThat(peer.getSubjectX500Principal().getName()).contains(identity.hubId().toString());
    }

    public static class OpenSslListener implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chaperone.relay.hub-tls-engine", "openssl");
        }
    }
}
