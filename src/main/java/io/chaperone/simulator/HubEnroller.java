package io.chaperone.simulator;

import io.chaperone.trust.device.DeviceTrustFiles;
import io.chaperone.trust.device.Pem;
import io.vertx.core.json.JsonObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.util.UUID;

/**
 * The hub side of enrollment: a fresh EC P-256 key pair, a CSR signed with it, and the claim code a resident
 * typed in, sent to {@code POST /api/v1/hubs/enroll}. Blocking (JDK HTTP client): call it off the event loop.
 */
public final class HubEnroller {

    private HubEnroller() {
    }

    /** Enrolls against {@code gateway} (e.g. {@code http://127.0.0.1:8080}); fails with the status otherwise. */
    public static DeviceIdentity enroll(URI gateway, String claimCode, String name, String model, String firmware) {
        KeyPair keys = DeviceTrustFiles.newKeyPair();
        JsonObject body = new JsonObject().put("claimCode", claimCode).put("csr", csr(keys)).put("name", name)
                .put("model", model).put("firmware", firmware);
        HttpResponse<String> response = post(gateway.resolve("/api/v1/hubs/enroll"), body);
        if (response.statusCode() != 201) {
            throw new EnrollmentRefused(response.statusCode());
        }
        JsonObject answer = new JsonObject(response.body());
        return new DeviceIdentity(UUID.fromString(answer.getString("hubId")), keys, answer.getString("certificate"),
                answer.getString("caCertificate"));
    }

    /** A PEM PKCS#10 request for {@code keys}, signed with their private key (proof of possession). */
    public static String csr(KeyPair keys) {
        try {
            PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(
                    new X500Name("CN=chaperone hub"), keys.getPublic())
                    .build(new JcaContentSignerBuilder(Pem.signatureAlgorithm(keys.getPrivate())).build(keys.getPrivate()));
            return Pem.block("CERTIFICATE REQUEST", request.getEncoded());
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("CSR cannot be built", e);
        }
    }

    private static HttpResponse<String> post(URI uri, JsonObject body) {
        // A client per enrollment (a one-off call): no pooled connection the gateway may have closed meanwhile.
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("enrollment request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while enrolling", e);
        }
    }

    /** The gateway refused the enrollment. */
    public static final class EnrollmentRefused extends RuntimeException {
        private final int status;

        EnrollmentRefused(int status) {
            super("enrollment refused with HTTP " + status);
            this.status = status;
        }

        public int status() { return status; }
    }
}
