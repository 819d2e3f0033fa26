package io.chaperone.trust.device;

import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.home.Hub;
import io.chaperone.protocol.InboundFrame;
import io.chaperone.trust.device.HubAdmission.AdmittedHub;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Appraises hub evidence (RATS background-check model, gateway = verifier + relying party): a fresh nonce of
 * 32 random bytes, single use, valid {@code chaperone.devices.nonce-lifetime}; the evidence must be signed by
 * the enrolled device key and carry exactly the baseline measurements of (model, firmware). Every verdict is
 * a C1 audit record, committed before the hub's quarantine flag changes. The firmware never goes below the highest
 * one the hub has attested with ({@link FirmwareFloor}), whether or not the older version has a baseline.
 */
@ApplicationScoped
public class Attestation {

    private static final Logger LOG = Logger.getLogger(Attestation.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 32;

    /** Failure reasons: stable codes, shown to the resident as the quarantine reason. */
    public static final String NONCE_UNKNOWN = "nonce_unknown";
    public static final String NONCE_STALE = "nonce_stale";
    public static final String SIGNATURE_INVALID = "signature_invalid";
    public static final String MEASUREMENTS_UNKNOWN = "measurements_unknown";
    /** The firmware is lower than the highest one this hub has attested with (its {@link FirmwareFloor}). */
    public static final String FIRMWARE_ROLLBACK = "firmware_rollback";
    public static final String NO_EVIDENCE = "no_evidence";

    /** The outcome of one attestation; {@code reason} is null when it passed. */
    public record Verdict(boolean passed, String reason) {
        static final Verdict PASSED = new Verdict(true, null);

        static Verdict failed(String reason) {
            return new Verdict(false, reason);
        }

        /** The nonce lapsed while its evidence was being appraised: not trusted for this wait. */
        public static Verdict failedLate() {
            return new Verdict(false, NO_EVIDENCE);
        }
    }

    private record Pending(UUID hubId, long expiresAtMillis) {
    }

    private final Map<String, Pending> nonces = new ConcurrentHashMap<>();

    @Inject
    DevicesConfig config;
    @Inject
    AuditWriter audit;
    @Inject
    Clock clock;

    /** A fresh nonce for {@code hubId}, remembered until used or lapsed. */
    public String challenge(UUID hubId) {
        long now = clock.millis();
        nonces.values().removeIf(p -> p.expiresAtMillis() < now);
        byte[] bytes = new byte[NONCE_BYTES];
        RANDOM.nextBytes(bytes);
        String nonce = Base64.getEncoder().encodeToString(bytes);
        nonces.put(nonce, new Pending(hubId, now + config.nonceLifetime().toMillis()));
        return nonce;
    }

    /** Appraises evidence from {@code hub}; the nonce is consumed whatever the outcome. */
    public Uni<Verdict> appraise(AdmittedHub hub, InboundFrame.Evidence evidence) {
        Pending pending = nonces.remove(evidence.nonce());
        if (pending == null || !pending.hubId().equals(hub.hubId())) {
            return record(hub, Verdict.failed(NONCE_UNKNOWN), evidence.firmware());
        }
        if (clock.millis() > pending.expiresAtMillis()) {
            return record(hub, Verdict.failed(NONCE_STALE), evidence.firmware());
        }
        byte[] signed = Evidence.canonical(evidence.nonce(), hub.hubId(), evidence.firmware(), evidence.measurements());
        if (!Evidence.verify(hub.deviceKey(), signed, evidence.sig())) {
            return record(hub, Verdict.failed(SIGNATURE_INVALID), evidence.firmware());
        }
        return Panache.withSession(() -> FirmwareFloor.<FirmwareFloor>findById(hub.hubId())
                        .chain(floor -> FirmwareFloor.rollsBack(floor, evidence.firmware())
                                ? Uni.createFrom().item(new Appraised(Verdict.failed(FIRMWARE_ROLLBACK), floor))
                                : againstBaseline(hub, evidence).map(verdict -> new Appraised(verdict, floor))))
                .chain(appraised -> record(hub, appraised.verdict(), evidence.firmware(), appraised.floor()));
    }

    /** A verdict with the firmware floor it was judged against (null: the hub had none). */
    private record Appraised(Verdict verdict, FirmwareFloor floor) {
    }

    private static Uni<Verdict> againstBaseline(AdmittedHub hub, InboundFrame.Evidence evidence) {
        return AttestationBaseline.<AttestationBaseline>find("model = ?1 and firmware = ?2", hub.model(), evidence.firmware())
                .firstResult().map(baseline -> baseline != null
                        && Baselines.canonical(evidence.measurements()).equals(baseline.measurements)
                        ? Verdict.PASSED : Verdict.failed(MEASUREMENTS_UNKNOWN));
    }

    /** The nonce lapsed without evidence: quarantine, unless it was answered meanwhile (then empty). */
    public Uni<Verdict> lapsed(AdmittedHub hub, String nonce) {
        return nonces.remove(nonce) == null ? Uni.createFrom().nullItem()
                : record(hub, Verdict.failed(NO_EVIDENCE), hub.firmware());
    }

    private Uni<Verdict> record(AdmittedHub hub, Verdict verdict, String firmware) {
        return record(hub, verdict, firmware, null);
    }

    /**
     * {@code floor} is the floor read while appraising (null: none, or not read). A floor only rises, so when that
     * one is already at or above {@code firmware} the current one is too: a reconnect at the same firmware skips the
     * floor's second read (there is nothing to raise).
     */
    private Uni<Verdict> record(AdmittedHub hub, Verdict verdict, String firmware, FirmwareFloor floor) {
        Instant now = clock.instant();
        AuditRecord record = new AuditRecord(hub.hubId(), hub.homeId(), now, "hub:" + hub.hubId(),
                verdict.passed() ? AuditKind.ATTESTATION_PASSED : AuditKind.ATTESTATION_FAILED, null, null,
                verdict.passed() ? "ok" : "failed:" + verdict.reason(), null, null);
        return audit.commit(record)
                .chain(seq -> Panache.withTransaction(() -> verdict.passed()
                        ? Hub.update("quarantined = false, quarantineReason = null, attestedAt = ?1, firmware = ?2 where id = ?3",
                                now, firmware, hub.hubId()).chain(() -> FirmwareFloor.below(floor, firmware)
                                        ? FirmwareFloor.raise(hub.hubId(), firmware, now) : Uni.createFrom().voidItem())
                        : Hub.update("quarantined = true, quarantineReason = ?1 where id = ?2", verdict.reason(), hub.hubId())
                                .replaceWithVoid()))
                .replaceWith(verdict)
                .onFailure().recoverWithItem(failure -> {
                    // Not recorded means not trusted: fail closed, the hub may try again at its next connect.
                    LOG.warnf("attestation verdict not recorded: %s", failure.getClass().getSimpleName());
                    return Verdict.failed("audit_unavailable");
                });
    }
}
