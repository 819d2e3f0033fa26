package io.chaperone.trust.device;

import io.chaperone.web.ProblemException;
import io.chaperone.web.RequestLimits;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;

/**
 * {@code /hubs/enroll} is authenticated by the claim code alone, so it is metered before any work: per source address
 * (a guesser), and per claim code (someone who saw a code and tries CSRs with it). A code past its attempts is burnt
 * in the database, so it stays unusable after a restart; the resident issues a new one.
 */
@ApplicationScoped
public class EnrollmentMeter {

    @Inject
    RequestLimits limits;
    @Inject
    Clock clock;

    /** Completes when the attempt may go on; fails with 429 {@code enroll_rate_limited} or {@code claim_attempts_exceeded}. */
    Uni<Void> admit(String sourceAddress, String claimCode) {
        try {
            limits.enrollments().acquire(sourceAddress);
        } catch (ProblemException refused) {
            return Uni.createFrom().failure(refused);
        }
        String codeHash = HubClaim.hashOf(Enrollment.normalise(claimCode));
        try {
            limits.claimAttempts().acquire(codeHash);
            return Uni.createFrom().voidItem();
        } catch (ProblemException refused) {
            return Panache.withTransaction(() -> HubClaim.update("usedAt = ?1 where codeHash = ?2 and usedAt is null",
                    clock.instant(), codeHash)).chain(burnt -> Uni.createFrom().failure(refused));
        }
    }
}
