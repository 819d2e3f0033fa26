package io.chaperone.relay;

import io.chaperone.consent.Revocations;
import io.chaperone.consent.SessionState;
import io.chaperone.policy.DataClass;
import io.chaperone.policy.RateLimit;
import io.chaperone.policy.RedactionTally;
import io.chaperone.policy.Scope;
import io.chaperone.policy.SessionGrant;
import io.chaperone.privacy.RedactionKeys;
import io.chaperone.privacy.RedactionLedger;
import io.chaperone.trust.RedeemedTicket;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads, once per connection, what the per-frame path needs and compiles it into a {@link SessionGrant}.
 * One reactive query; never on the per-frame path.
 */
@ApplicationScoped
public class SessionAdmissions {

    private static final String SESSION_SQL = """
            SELECT s.state, s.hub_id, s.home_id, s.technician_id, s.scope, s.scope_version, s.reveal, s.expires_at,
                   s.start_by, s.first_activated_at,
                   t.expected_command_rate, r.subject AS resident_subject
              FROM support_sessions s JOIN session_templates t ON t.id = s.template_id
                   JOIN hubs h ON h.id = s.hub_id
                   JOIN homes hm ON hm.id = s.home_id JOIN residents r ON r.id = hm.resident_id
             WHERE s.id = $1 AND NOT h.quarantined AND h.removed_at IS NULL AND h.killed_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM revocation_intents i WHERE i.session_id = s.id)""";
    /** The state after the live session was registered; a pending revocation counts as revoked. */
    private static final String RECHECK_SQL = """
            SELECT CASE WHEN EXISTS (SELECT 1 FROM revocation_intents i WHERE i.session_id = s.id) THEN 'revoked'
                        ELSE s.state END AS state
              FROM support_sessions s WHERE s.id = $1""";

    @Inject
    Pool pool;
    @Inject
    Clock clock;
    @Inject
    RedactionKeys redactionKeys;
    @Inject
    RedactionLedger ledger;
    @Inject
    Revocations revocations;

    /**
     * The admission for a redeemed ticket, or empty when the session is not connectable for it (or its key
     * material is gone: a session whose values cannot be marked is not opened).
     */
    public Uni<Optional<TechnicianAdmission>> admit(RedeemedTicket ticket) {
        if (revocations.pendingHere(ticket.sessionId())) {
            return Uni.createFrom().item(Optional.empty());
        }
        return pool.preparedQuery(SESSION_SQL).execute(Tuple.of(ticket.sessionId())).chain(rows -> {
            if (rows.size() != 1) {
                return Uni.createFrom().item(Optional.<TechnicianAdmission>empty());
            }
            Row row = rows.iterator().next();
            SessionState state = SessionState.valueOf(row.getString("state"));
            OffsetDateTime expiresAt = row.getOffsetDateTime("expires_at");
            boolean connectable = (state == SessionState.approved || state == SessionState.active)
                    && ticket.technicianId().equals(row.getUUID("technician_id"))
                    && expiresAt != null && clock.instant().isBefore(expiresAt.toInstant())
                    && row.getString("scope") != null
                    && !startByMissed(row);
            if (!connectable) {
                return Uni.createFrom().item(Optional.<TechnicianAdmission>empty());
            }
            return redactionKeys.forSession(ticket.sessionId(), row.getUUID("home_id"))
                    .map(key -> key.map(k -> admission(ticket, row, state, expiresAt, k,
                            ledger.tallyFor(ticket.sessionId()))));
        });
    }

    private static TechnicianAdmission admission(RedeemedTicket ticket, Row row, SessionState state,
                                                 OffsetDateTime expiresAt, byte[] redactionKey, RedactionTally tally) {
        Scope scope = Scope.fromJson(row.getString("scope"));
        SessionGrant grant = SessionGrant.compile(ticket.sessionId(), row.getUUID("hub_id"), ticket.technicianId(),
                scope, expiresAt.toInstant(), reveal(row.getString("reveal")),
                RateLimit.forExpectedRate(row.getInteger("expected_command_rate")), redactionKey, tally);
        return new TechnicianAdmission(grant, row.getUUID("home_id"), row.getString("resident_subject"), state,
                ticket.technicianSubject());
    }

    /**
     * The session's durable state, read again once its live session is registered (docs/adr/0007): the admission's
     * read may predate a revocation whose commit found no live session to close.
     */
    public Uni<SessionState> recheck(UUID sessionId) {
        if (revocations.pendingHere(sessionId)) {
            return Uni.createFrom().item(SessionState.revoked);
        }
        return pool.preparedQuery(RECHECK_SQL).execute(Tuple.of(sessionId)).map(rows -> rows.size() != 1
                ? SessionState.ended
                : SessionState.valueOf(rows.iterator().next().getString("state")));
    }

    /** Never connected and the approval's start-by reached (ADR 0020): the upgrade finds the approval expired. */
    private boolean startByMissed(Row row) {
        OffsetDateTime startBy = row.getOffsetDateTime("start_by");
        return row.getOffsetDateTime("first_activated_at") == null && startBy != null
                && !clock.instant().isBefore(startBy.toInstant());
    }

    static Set<DataClass> reveal(String json) {
        Set<DataClass> classes = EnumSet.noneOf(DataClass.class);
        if (json != null && !json.isBlank()) {
            new JsonArray(json).forEach(v -> DataClass.fromWire(String.valueOf(v)).ifPresent(classes::add));
        }
        return classes;
    }
}
