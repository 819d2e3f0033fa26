package io.chaperone.trust.device;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/** Attestation baselines: measurement sets stored as canonical JSON (keys sorted), compared exactly. */
public final class Baselines {

    private Baselines() {
    }

    static String canonical(Map<String, String> measurements) {
        JsonObject sorted = new JsonObject();
        new TreeMap<>(measurements).forEach(sorted::put);
        return sorted.encode();
    }

    /**
     * Stores the baseline of (model, firmware) unless one exists (then empty), after {@code audited} committed
     * its record; run inside a transaction.
     */
    public static Uni<Optional<AttestationBaseline>> registerIfAbsent(String model, String firmware,
                                                                      Map<String, String> measurements, Instant now,
                                                                      Function<AttestationBaseline, Uni<Long>> audited) {
        return AttestationBaseline.count("model = ?1 and firmware = ?2", model, firmware).chain(existing -> {
            if (existing > 0) {
                return Uni.createFrom().item(Optional.<AttestationBaseline>empty());
            }
            AttestationBaseline baseline = new AttestationBaseline();
            baseline.id = UUID.randomUUID();
            baseline.model = model;
            baseline.firmware = firmware;
            baseline.measurements = canonical(measurements);
            baseline.createdAt = now;
            return audited.apply(baseline).chain(seq -> baseline.<AttestationBaseline>persist()).map(Optional::of);
        });
    }
}
