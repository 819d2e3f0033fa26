package io.chaperone.trust.device;

import io.chaperone.home.Hub;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who a hub connection is: the hub named by its client certificate, and nothing else. The certificate must
 * chain to the device CA, be within its validity, not be revoked, and be exactly the one enrolled for that
 * hub (fingerprint), whose hub has not been removed nor killed by ops (ADR 0010). Over plain HTTP a hub is
 * only believed through {@code X-Forwarded-Client-Cert} from a configured trusted proxy.
 */
@ApplicationScoped
public class HubAdmission {

    public static final String FORWARDED_CERT_HEADER = "X-Forwarded-Client-Cert";
    private static final Logger LOG = Logger.getLogger(HubAdmission.class);

    /**
     * An admitted hub: what the relay and attestation need from its enrolment, and when the certificate it
     * connected with stops being valid (the relay closes the live connection then).
     */
    public record AdmittedHub(UUID hubId, UUID homeId, String model, String firmware, PublicKey deviceKey,
                              Instant certificateNotAfter) {
    }

    /** Why a hub is not admitted; maps to the upgrade's status. */
    public enum Refusal { NO_CERTIFICATE, NOT_TRUSTED }

    @Inject
    DeviceCa ca;
    @Inject
    DevicesConfig config;
    @Inject
    Clock clock;

    /** The certificate this request presents, directly over TLS or forwarded by a trusted proxy; empty if none. */
    public Optional<X509Certificate> presented(HttpServerRequest request) {
        if (request.isSSL()) {
            try {
                List<Certificate> chain = request.connection().peerCertificates();
                return chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf) ? Optional.empty() : Optional.of(leaf);
            } catch (SSLPeerUnverifiedException none) {
                return Optional.empty();
            }
        }
        String forwarded = request.getHeader(FORWARDED_CERT_HEADER);
        if (forwarded == null || !fromTrustedProxy(request)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pem.parseCertificate(URLDecoder.decode(forwarded, StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private boolean fromTrustedProxy(HttpServerRequest request) {
        Set<String> proxies = Set.copyOf(config.trustedProxies().orElse(List.of()));
        if (proxies.isEmpty() || request.connection().remoteAddress(true) == null) {
            return false;
        }
        return proxies.contains(request.connection().remoteAddress(true).hostAddress());
    }

    /** The enrolled, unrevoked hub this certificate proves, or empty. One database query, at the upgrade only. */
    @WithSession
    public Uni<Optional<AdmittedHub>> admit(X509Certificate certificate) {
        Optional<UUID> hubId = HubCertificates.hubId(certificate);
        if (hubId.isEmpty() || !issuedByCa(certificate) || !valid(certificate, clock.instant())) {
            return Uni.createFrom().item(Optional.empty());
        }
        String serial = HubCertificates.serial(certificate);
        String fingerprint = Pem.fingerprint(certificate);
        // Revocation and the enrolled row in one statement: one round trip per connect (a reconnect storm waits on it).
        return Hub.<Hub>find("id = ?1 and removedAt is null and killedAt is null and certSerial = ?2 and certFingerprint = ?3"
                                + " and not exists (select 1 from RevokedCertificate r where r.serial = ?2)",
                        hubId.get(), serial, fingerprint).firstResult().map(hub -> Optional.ofNullable(hub)
                        .map(h -> new AdmittedHub(h.id, h.homeId, h.model.intern(), h.firmware.intern(),
                                deviceKey(h, certificate), certificate.getNotAfter().toInstant())));
    }

    /**
     * The enrolled device key. The certificate (the enrolled one, by fingerprint) was issued over it, and the TLS
     * session already holds the certificate's parsed key: that one is kept, not a second copy per idle hub.
     */
    private static PublicKey deviceKey(Hub hub, X509Certificate certificate) {
        PublicKey enrolled = Pem.publicKey(hub.publicKey);
        return enrolled.equals(certificate.getPublicKey()) ? certificate.getPublicKey() : enrolled;
    }

    private boolean issuedByCa(X509Certificate certificate) {
        try {
            certificate.verify(ca.certificate().getPublicKey());
            return certificate.getIssuerX500Principal().equals(ca.certificate().getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            LOG.debugf("hub certificate not issued by the device CA: %s", e.getClass().getSimpleName());
            return false;
        }
    }

    private static boolean valid(X509Certificate certificate, Instant now) {
        Date at = Date.from(now);
        return !at.before(certificate.getNotBefore()) && !at.after(certificate.getNotAfter());
    }
}
