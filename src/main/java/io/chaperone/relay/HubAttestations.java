package io.chaperone.relay;

import io.chaperone.protocol.InboundFrame;
import io.chaperone.protocol.OutboundFrames;
import io.chaperone.trust.device.Attestation;
import io.chaperone.trust.device.Attestation.Verdict;
import io.chaperone.trust.device.DevicesConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.function.Consumer;

/**
 * Attestation on the hub leg: challenge a live hub, wait for its {@code attest.evidence} (or the nonce's
 * lapse), appraise it, and set the connection's trust. Used at every hub connect and every session start.
 */
@ApplicationScoped
public class HubAttestations {

    private static final Logger LOG = Logger.getLogger(HubAttestations.class);

    @Inject
    Attestation attestation;
    @Inject
    DevicesConfig config;
    @Inject
    Vertx vertx;
    @Inject
    Delivery delivery;

    /** Sends a challenge; the Uni completes with the verdict (a lapsed nonce is a failure). */
    Uni<Verdict> challenge(LiveHub hub) {
        String nonce = attestation.challenge(hub.hubId());
        return Uni.createFrom().emitter(emitter -> {
            // The lapse timer holds the hub and this pipeline: cancelled once the evidence is judged, it does not
            // keep them on the heap for the rest of the nonce's lifetime (30 s per connect in a reconnect storm).
            long[] lapse = {-1};
            Consumer<Verdict> done = verdict -> {
                vertx.cancelTimer(lapse[0]);
                hub.trusted(verdict.passed());
                emitter.complete(verdict);
            };
            hub.awaitEvidence(nonce, done);
            lapse[0] = vertx.setTimer(config.nonceLifetime().toMillis() + 1, id -> {
                if (hub.takeWaiter(nonce) != null) {
                    attestation.lapsed(hub.admitted(), nonce).subscribe().with(
                            verdict -> done.accept(verdict == null ? Verdict.failedLate() : verdict),
                            failure -> done.accept(Verdict.failedLate()));
                }
            });
            delivery.toHubConnection(hub, OutboundFrames.attestChallenge(nonce));
        });
    }

    /**
     * Evidence from the hub. Evidence for a nonce this connection is not waiting for (replayed, forged or
     * late) is still appraised, fails, and quarantines the hub.
     */
    void evidence(LiveHub hub, InboundFrame.Evidence evidence, Runnable onUnsolicitedFailure) {
        Consumer<Verdict> waiter = hub.takeWaiter(evidence.nonce());
        attestation.appraise(hub.admitted(), evidence).subscribe().with(verdict -> {
            if (waiter != null) {
                waiter.accept(verdict);
            } else if (!verdict.passed()) {
                hub.trusted(false);
                onUnsolicitedFailure.run();
            }
        }, failure -> LOG.warnf("evidence not appraised: %s", failure.getClass().getSimpleName()));
    }
}
