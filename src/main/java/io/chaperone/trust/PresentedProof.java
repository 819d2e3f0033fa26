package io.chaperone.trust;

import java.util.List;
import java.util.Optional;

/**
 * The DPoP proofs a request carried and the target they must name. RFC 9449 allows exactly one proof
 * per request; more than one is refused rather than choosing.
 */
public record PresentedProof(List<String> proofs, DpopProof.Target target) {

    /** A request that carried no proof (callers inside the gateway, tests of unbound tickets). */
    public static final PresentedProof NONE = new PresentedProof(List.of(), null);

    public PresentedProof {
        proofs = List.copyOf(proofs);
    }

    /** The one proof, empty when none came; throws {@link TicketRejectedException} for several. */
    Optional<String> single() {
        if (proofs.size() > 1) {
            throw new TicketRejectedException(TicketFailure.PROOF_INVALID);
        }
        return proofs.stream().findFirst();
    }
}
