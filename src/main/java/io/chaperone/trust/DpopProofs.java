package io.chaperone.trust;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * DPoP proofs of possession for key-bound connect tickets: what a request presented
 * ({@link #presentedAtUpgrade}, {@link #presentedAt}), the in-memory check ({@link #verify}) and the
 * single use of each {@code jti} ({@link #spend}), recorded in PostgreSQL like the tickets themselves so
 * that a proof accepted on one node is refused on every other.
 */
@ApplicationScoped
public class DpopProofs {

    /** Browsers cannot set headers on a WebSocket: they offer {@code dpop.<proof>} as a subprotocol. */
    static final String SUBPROTOCOL_PREFIX = "dpop.";
    static final String HEADER = "DPoP";

    /** Spends the jti for this key; a row left from a proof whose window has passed is taken over. */
    private static final String SPEND = """
            INSERT INTO dpop_proofs (key_thumbprint, jti, seen_until) VALUES ($1, $2, $3)
            ON CONFLICT (key_thumbprint, jti) DO UPDATE SET seen_until = EXCLUDED.seen_until
             WHERE dpop_proofs.seen_until < $4""";
    private static final String PRUNE = "DELETE FROM dpop_proofs WHERE seen_until < $1";

    @Inject
    TicketsConfig config;
    @Inject
    Clock clock;
    @Inject
    Pool pool;

    void validateConfig(@Observes StartupEvent event) {
        TicketsConfig.validatedSkew(config.dpop().maxSkew());
        config.dpop().publicBaseUrl().ifPresent(DpopProofs::validatedBaseUrl);
    }

    /** The proofs of a WebSocket upgrade: {@code DPoP} headers and {@code dpop.} subprotocol entries. */
    public PresentedProof presentedAtUpgrade(HttpServerRequest request) {
        List<String> proofs = new ArrayList<>(request.headers().getAll(HEADER));
        for (String offered : request.headers().getAll("Sec-WebSocket-Protocol")) {
            for (String entry : offered.split(",")) {
                String protocol = entry.strip();
                if (protocol.startsWith(SUBPROTOCOL_PREFIX)) {
                    proofs.add(protocol.substring(SUBPROTOCOL_PREFIX.length()));
                }
            }
        }
        return new PresentedProof(proofs, target(request));
    }

    /** The proofs of a REST request: {@code DPoP} headers only. */
    public PresentedProof presentedAt(HttpServerRequest request) {
        return new PresentedProof(request.headers().getAll(HEADER), target(request));
    }

    /**
     * The presented proof, verified in memory at the gateway clock; empty when none came. A present
     * {@code ticket} must be the one the proof's {@code ath} names.
     */
    Optional<DpopProof> verify(PresentedProof presented, Optional<String> ticket) {
        return presented.single().map(compact -> DpopProof.verify(compact, presented.target(), ticket,
                clock.instant(), config.dpop().maxSkew()));
    }

    /** Records the proof's jti until its iat window has passed; fails with {@code PROOF_REPLAYED} if seen. */
    Uni<DpopProof> spend(DpopProof proof) {
        Instant now = clock.instant();
        Instant seenUntil = proof.issuedAt().plus(config.dpop().maxSkew());
        return pool.preparedQuery(SPEND).execute(Tuple.of(proof.keyThumbprint(), proof.jti(),
                        seenUntil.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC)))
                .chain(rows -> rows.rowCount() == 1 ? Uni.createFrom().item(proof)
                        : Uni.createFrom().failure(new TicketRejectedException(TicketFailure.PROOF_REPLAYED)));
    }

    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return pool.preparedQuery(PRUNE).execute(Tuple.of(clock.instant().atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    /**
     * The URL a proof must name: the configured public base URL, else the scheme and {@code Host} this
     * gateway received (never {@code X-Forwarded-*}, which anyone can send), with the request path.
     */
    private DpopProof.Target target(HttpServerRequest request) {
        String origin = config.dpop().publicBaseUrl().map(url -> url.getScheme() + "://" + url.getRawAuthority())
                .orElseGet(() -> request.scheme() + "://" + request.host());
        try {
            return new DpopProof.Target(request.method().name(), URI.create(origin + request.path()));
        } catch (IllegalArgumentException e) {
            return new DpopProof.Target(request.method().name(), null);   // a Host no proof can name
        }
    }

    private static URI validatedBaseUrl(URI url) {
        boolean http = "http".equals(url.getScheme()) || "https".equals(url.getScheme());
        boolean bare = url.getRawPath() == null || url.getRawPath().isEmpty() || "/".equals(url.getRawPath());
        if (!http || url.getHost() == null || !bare || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalStateException("chaperone.tickets.dpop.public-base-url must be http(s)://host[:port], was "
                    + url);
        }
        return url;
    }
}
