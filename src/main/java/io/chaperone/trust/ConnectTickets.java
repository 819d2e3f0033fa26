package io.chaperone.trust;

import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.consent.Revocations;
import io.chaperone.consent.SessionState;
import io.chaperone.consent.SupportSession;
import io.chaperone.identity.Caller;
import io.chaperone.identity.People;
import io.chaperone.identity.Role;
import io.chaperone.identity.Technician;
import io.chaperone.web.ProblemException;
import io.chaperone.web.RequestLimits;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Connect tickets: single-use, short-lived ES256 JWTs that let a session's own technician open its
 * socket. {@link #issue} is the one place tickets are minted (the audit hook belongs there);
 * {@link #redeem} is called by the relay on the WebSocket upgrade, on the event loop, and is fully
 * non-blocking: signature and claims in memory, single use by one atomic UPDATE shared by all nodes.
 */
@ApplicationScoped
public class ConnectTickets {

    /** Spends the ticket if unspent and unexpired; reports the session's technician for the re-check. */
    private static final String CONSUME = """
            UPDATE connect_tickets t SET used_at = $2
              FROM support_sessions s
             WHERE t.jti = $1 AND t.used_at IS NULL AND t.expires_at > $2 AND s.id = t.session_id
            RETURNING t.session_id, t.technician_id, s.technician_id AS session_technician_id""";
    private static final String WHY_NOT_CONSUMED = "SELECT used_at FROM connect_tickets WHERE jti = $1";

    @Inject
    Clock clock;
    @Inject
    GatewayKeyRing keys;
    @Inject
    KeysConfig keysConfig;
    @Inject
    TicketsConfig ticketsConfig;
    @Inject
    io.chaperone.consent.StepUp stepUp;
    @Inject
    Pool pool;
    @Inject
    AuditWriter audit;
    @Inject
    People people;
    @Inject
    RequestLimits limits;
    @Inject
    DpopProofs proofs;
    @Inject
    Revocations revocations;

    void validateConfig(@Observes StartupEvent event) {
        TicketsConfig.validated(ticketsConfig.lifetime());
    }

    /**
     * Mints a connect ticket for {@code sessionId}: the caller must be its technician, signed in with
     * MFA, with a token naming the session's provider, and the session approved or active and not past its end.
     * The ticket is bound ({@code cnf.jkt}) to the key of the request's DPoP proof, or to {@code keyThumbprint};
     * both given must agree.
     */
    @WithTransaction
    public Uni<IssuedConnectTicket> issue(Caller caller, UUID sessionId, Optional<String> keyThumbprint,
                                          PresentedProof proof) {
        if (!caller.is(Role.TECHNICIAN)) {
            return Uni.createFrom().failure(ProblemException.forbidden("role_required", "this needs the role technician"));
        }
        if (!stepUp.hasMfa(caller)) {
            return Uni.createFrom().failure(ProblemException.forbidden("mfa_required", "this needs a sign-in with a second factor"));
        }
        // People checks the token's org (403 provider_unknown) and records the provider it names.
        return keyToBind(keyThumbprint, proof).chain(jkt -> people.technician(caller)
                .chain(technician -> SupportSession.<SupportSession>findById(sessionId)
                        .chain(session -> mint(technician, session, jkt))));
    }

    /** The thumbprint to bind: the mint request's own proof (spent), or the one in the body. */
    private Uni<Optional<String>> keyToBind(Optional<String> keyThumbprint, PresentedProof presented) {
        Optional<DpopProof> proof;
        try {
            proof = proofs.verify(presented, Optional.empty());
        } catch (TicketRejectedException e) {
            return Uni.createFrom().failure(ProblemException.badRequest(e.code(), e.getMessage()));
        }
        if (proof.isEmpty()) {
            return keyThumbprint.isEmpty() && ticketsConfig.requireKeyBinding()
                    ? Uni.createFrom().failure(ProblemException.badRequest("key_binding_required",
                            "this gateway only issues key-bound tickets: send a DPoP proof or a keyThumbprint"))
                    : Uni.createFrom().item(keyThumbprint);
        }
        if (keyThumbprint.isPresent() && !keyThumbprint.get().equals(proof.get().keyThumbprint())) {
            return Uni.createFrom().failure(ProblemException.badRequest(TicketFailure.KEY_MISMATCH.code(),
                    "keyThumbprint is not the thumbprint of the DPoP proof's key"));
        }
        return proofs.spend(proof.get())
                .map(spent -> Optional.of(spent.keyThumbprint()))
                .onFailure(TicketRejectedException.class).transform(e -> ProblemException.badRequest(
                        ((TicketRejectedException) e).code(), e.getMessage()));
    }

    private Uni<IssuedConnectTicket> mint(Technician technician, SupportSession session, Optional<String> jkt) {
        if (session == null || !technician.id.equals(session.technicianId)
                || !technician.providerId.equals(session.providerId)) {
            return Uni.createFrom().failure(ProblemException.notFound("session"));
        }
        limits.connectTickets().acquire(session.id);
        Instant now = clock.instant();
        if (!connectable(session, now)) {
            return Uni.createFrom().failure(ProblemException.conflict("session_not_connectable",
                    "the session is not approved or active, or it has ended"));
        }
        return revocations.pending(session.id).chain(pending -> pending
                ? Uni.createFrom().failure(ProblemException.conflict("session_not_connectable",
                        "the session is being revoked"))
                : signAndRecord(technician, session, jkt, now));
    }

    private Uni<IssuedConnectTicket> signAndRecord(Technician technician, SupportSession session, Optional<String> jkt,
                                                   Instant now) {
        Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
        var claims = new ConnectTicketClaims(UUID.randomUUID().toString(), technician.subject, technician.id,
                session.id, issuedAt, issuedAt.plus(ticketsConfig.lifetime()), jkt);
        String token = keys.sign(ConnectTicketClaims.TYP, claims.toJwt(keysConfig.issuer()));

        ConnectTicketRecord record = new ConnectTicketRecord();
        record.jti = claims.jti();
        record.sessionId = session.id;
        record.technicianId = technician.id;
        record.keyThumbprint = jkt.orElse(null);
        record.issuedAt = issuedAt;
        record.expiresAt = claims.expiresAt();
        AuditRecord issued = new AuditRecord(session.id, session.homeId, now, technician.subject, AuditKind.TICKET_ISSUED,
                null, null, "issued", claims.jti(), null);
        return record.persist().call(() -> audit.commit(issued))
                .replaceWith(new IssuedConnectTicket(token, claims.expiresAt(), session.id));
    }

    private static boolean connectable(SupportSession session, Instant now) {
        // The effective state: an approval past its start-by (ADR 0020) or its end reads expired already.
        SessionState state = session.effectiveState(now);
        boolean open = state == SessionState.approved || state == SessionState.active;
        return open && session.expiresAt != null && now.isBefore(session.expiresAt);
    }

    /**
     * Checks and spends a ticket presented for the session in the socket path. Fails with a
     * {@link TicketRejectedException}. A ticket bound to a key ({@code cnf.jkt}) needs one DPoP proof
     * signed by that key for this request and this ticket ({@code ath}); its jti is spent before the
     * ticket. An unbound ticket ignores a presented proof, and is refused when binding is required.
     */
    public Uni<RedeemedTicket> redeem(String token, UUID sessionIdFromPath, PresentedProof presented) {
        Instant now = clock.instant();
        ConnectTicketClaims ticket;
        Optional<DpopProof> proof;
        try {
            ticket = ConnectTicketClaims.verify(token, keys, keysConfig.issuer(), now);
            if (!ticket.sessionId().equals(sessionIdFromPath)) {
                return rejected(TicketFailure.WRONG_SESSION);
            }
            proof = ticket.keyThumbprint().isPresent() ? proofs.verify(presented, Optional.of(token)) : Optional.empty();
        } catch (TicketRejectedException e) {
            return Uni.createFrom().failure(e);
        }
        if (ticket.keyThumbprint().isEmpty()) {
            return ticketsConfig.requireKeyBinding() ? rejected(TicketFailure.UNBOUND) : consume(ticket, now);
        }
        if (proof.isEmpty()) {
            return rejected(TicketFailure.PROOF_REQUIRED);
        }
        if (!ticket.keyThumbprint().get().equals(proof.get().keyThumbprint())) {
            return rejected(TicketFailure.KEY_MISMATCH);
        }
        return proofs.spend(proof.get()).chain(() -> consume(ticket, now));
    }

    private Uni<RedeemedTicket> consume(ConnectTicketClaims ticket, Instant now) {
        return pool.preparedQuery(CONSUME).execute(Tuple.of(ticket.jti(), now.atOffset(ZoneOffset.UTC)))
                .chain(rows -> rows.size() == 1 ? judgeSpent(ticket, rows.iterator().next()) : whyNotSpent(ticket));
    }

    private static Uni<RedeemedTicket> judgeSpent(ConnectTicketClaims ticket, Row row) {
        if (!ticket.sessionId().equals(row.getUUID("session_id"))
                || !ticket.technicianId().equals(row.getUUID("technician_id"))) {
            return rejected(TicketFailure.INVALID);
        }
        if (!ticket.technicianId().equals(row.getUUID("session_technician_id"))) {
            return rejected(TicketFailure.WRONG_SESSION);
        }
        return Uni.createFrom().item(new RedeemedTicket(ticket.sessionId(), ticket.technicianId(),
                ticket.subject(), ticket.jti()));
    }

    private Uni<RedeemedTicket> whyNotSpent(ConnectTicketClaims ticket) {
        return pool.preparedQuery(WHY_NOT_CONSUMED).execute(Tuple.of(ticket.jti())).chain((RowSet<Row> rows) -> {
            if (rows.size() == 0) {
                return rejected(TicketFailure.INVALID);   // signed by us but never recorded
            }
            return rejected(rows.iterator().next().getValue("used_at") != null
                    ? TicketFailure.REPLAYED : TicketFailure.EXPIRED);
        });
    }

    private static <T> Uni<T> rejected(TicketFailure failure) {
        return Uni.createFrom().failure(new TicketRejectedException(failure));
    }
}
