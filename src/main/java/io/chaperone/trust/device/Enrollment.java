package io.chaperone.trust.device;

import io.chaperone.home.Hub;
import io.chaperone.home.HubDirectory;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Claim codes and enrollment: a resident's one-time code (only its hash is stored) lets a hub exchange a
 * CSR for a device certificate; the enrolled public key, serial and fingerprint are what the hub listener
 * and attestation check later.
 */
@ApplicationScoped
public class Enrollment {

    /** 10 characters of a 32-letter alphabet (50 bits), easy to type from an app; single use, 15 minutes. */
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final int CODE_LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    DeviceCa ca;
    @Inject
    HubDirectory directory;
    @Inject
    DevicesConfig config;
    @Inject
    DeviceTrustAudit trustAudit;
    @Inject
    Clock clock;

    public record IssuedClaim(String claimCode, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedClaim[expiresAt=" + expiresAt + "]";
        }
    }

    public record EnrolledHub(UUID hubId, String certificate, String caCertificate) {
    }

    /**
     * A new claim code for {@code homeId}, audited before it is stored and shown; the caller has checked that
     * {@code actor} (the resident) owns the home.
     */
    @WithTransaction
    public Uni<IssuedClaim> claim(UUID homeId, String actor) {
        String code = newCode();
        HubClaim claim = new HubClaim();
        claim.codeHash = HubClaim.hashOf(code);
        claim.homeId = homeId;
        claim.createdAt = clock.instant();
        claim.expiresAt = claim.createdAt.plus(config.claimLifetime());
        return trustAudit.claimIssued(homeId, actor, claim.expiresAt)
                .chain(seq -> claim.persist())
                .map(saved -> new IssuedClaim(code, claim.expiresAt));
    }

    /**
     * Enrolls a hub: the CSR must verify (proof of possession of the key), the code must be unused and
     * unexpired; it is consumed in the same transaction that creates the hub, which commits only after the
     * enrollment's audit record did.
     */
    @WithTransaction
    public Uni<EnrolledHub> enroll(String claimCode, String csrPem, String name, String model, String firmware) {
        PKCS10CertificationRequest csr = Pem.parseCsr(csrPem)
                .orElseThrow(() -> ProblemException.badRequest("invalid_csr", "csr must be a PEM PKCS#10 request"));
        if (!DeviceCa.supportedKey(csr)) {
            throw ProblemException.badRequest("unsupported_key", "the request's key must be EC P-256 or Ed25519");
        }
        PublicKey key = DeviceCa.verifiedKey(csr);
        if (key == null) {
            throw ProblemException.badRequest("invalid_csr", "the request is not signed by the key it carries");
        }
        Instant now = clock.instant();
        String codeHash = HubClaim.hashOf(normalise(claimCode));
        // The conditional update is the single-use check: two enrollments racing for one code cannot both win.
        return HubClaim.update("usedAt = ?1 where codeHash = ?2 and usedAt is null and expiresAt > ?1", now, codeHash)
                .chain(updated -> {
                    if (updated != 1) {
                        return Uni.createFrom().failure(ProblemException.forbidden("claim_invalid",
                                "the claim code is unknown, used or expired"));
                    }
                    return HubClaim.<HubClaim>findById(codeHash);
                })
                .chain(claim -> {
                    X509Certificate[] issued = new X509Certificate[1];
                    return directory.createHub(claim.homeId, name, model, firmware, hub -> {
                        issued[0] = ca.issue(hub.id, key, now);
                        identify(hub, issued[0], key, now);
                    }).call(trustAudit::enrolled).invoke(hub -> claim.hubId = hub.id)
                            .map(hub -> new EnrolledHub(hub.id, Pem.certificate(issued[0]), ca.certificatePem()));
                });
    }

    private static void identify(Hub hub, X509Certificate certificate, PublicKey key, Instant now) {
        hub.publicKey = Base64.getEncoder().encodeToString(key.getEncoded());
        hub.certSerial = HubCertificates.serial(certificate);
        hub.certFingerprint = Pem.fingerprint(certificate);
        hub.certNotAfter = certificate.getNotAfter().toInstant();
        hub.enrolledAt = now;
    }

    static String newCode() {
        char[] code = new char[CODE_LENGTH];
        for (int i = 0; i < CODE_LENGTH; i++) {
            code[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(code);
    }

    /** Codes are typed by people: case and separators do not matter. */
    static String normalise(String code) {
        return code == null ? "" : code.replaceAll("[\\s-]", "").toUpperCase(java.util.Locale.ROOT);
    }
}
