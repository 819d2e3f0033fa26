package io.chaperone.trust.device;

import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.home.Hub;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * The C1 audit records of device trust (docs/audit.md), each committed before its change is stored or answered:
 * a claim code and an enrollment on the home's chain (the hub's own chain does not exist yet), a removal and its
 * certificate revocation on the hub's chain, and ops changes to the catalogue (baselines, vendor keys), which no
 * home owns, on one chain of their own. Nothing secret is recorded: never a claim code, only what ops published.
 */
@ApplicationScoped
public class DeviceTrustAudit {

    /** Chain (and home id) of the device-trust catalogue: attestation baselines and vendor keys. */
    public static final UUID CATALOGUE_CHAIN =
            UUID.nameUUIDFromBytes("chaperone:device-trust-catalogue".getBytes(StandardCharsets.UTF_8));

    @Inject
    AuditWriter audit;
    @Inject
    Clock clock;

    Uni<Long> claimIssued(UUID homeId, String actor, Instant expiresAt) {
        return audit.commit(new AuditRecord(homeId, homeId, clock.instant(), actor, AuditKind.HUB_CLAIM_ISSUED,
                null, null, "issued", null, new JsonObject().put("expiresAt", expiresAt.toString()).encode()));
    }

    Uni<Long> enrolled(Hub hub) {
        String detail = new JsonObject().put("model", hub.model).put("firmware", hub.firmware)
                .put("certSerial", hub.certSerial).put("certNotAfter", hub.certNotAfter.toString()).encode();
        return audit.commit(new AuditRecord(hub.homeId, hub.homeId, clock.instant(), "hub:" + hub.id,
                AuditKind.HUB_ENROLLED, null, null, "enrolled", hub.id.toString(), detail));
    }

    /** The removal, then (for an enrolled hub) the revocation of its certificate serial. */
    Uni<Void> removed(Hub hub, String actor, String reason) {
        Instant now = clock.instant();
        Uni<Long> removal = audit.commit(new AuditRecord(hub.id, hub.homeId, now, actor, AuditKind.HUB_REMOVED,
                null, null, "removed", null, null));
        if (hub.certSerial == null) {
            return removal.replaceWithVoid();
        }
        return removal.chain(() -> audit.commit(new AuditRecord(hub.id, hub.homeId, now, actor,
                AuditKind.HUB_CERTIFICATE_REVOKED, null, null, "revoked", hub.certSerial,
                new JsonObject().put("reason", reason).encode()))).replaceWithVoid();
    }

    public Uni<Long> baselineRegistered(AttestationBaseline baseline, String actor) {
        return catalogue(AuditKind.ATTESTATION_BASELINE_REGISTERED, actor, baseline.id,
                new JsonObject().put("model", baseline.model).put("firmware", baseline.firmware)
                        .put("measurements", new JsonObject(baseline.measurements)));
    }

    Uni<Long> vendorKeyRegistered(VendorKey key, String actor) {
        return catalogue(AuditKind.VENDOR_KEY_REGISTERED, actor, key.id,
                new JsonObject().put("model", key.model).put("publicKey", key.publicKey));
    }

    private Uni<Long> catalogue(AuditKind kind, String actor, UUID entry, JsonObject detail) {
        return audit.commit(new AuditRecord(CATALOGUE_CHAIN, CATALOGUE_CHAIN, clock.instant(), actor, kind,
                null, null, "registered", entry.toString(), detail.encode()));
    }
}
