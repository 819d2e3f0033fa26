package io.chaperone.privacy;

import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.consent.Actor;
import io.chaperone.consent.SessionTransitions;
import io.chaperone.consent.Transition;
import io.chaperone.household.Right;
import io.chaperone.web.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Erasure of a home's personal data by crypto-shredding (docs/privacy.md). The request itself is audited first
 * ({@code home.erasure_requested}), whatever comes of it. Refused while a session is approved, active or
 * suspended; the home's pending requests are denied in the resident's name through {@link SessionTransitions}
 * (none may be approved after, and none is: {@code 409 home_erased}). Then, inside one transaction that holds
 * the home row: the C1 {@code home.erased} record (before anything is destroyed, like every audited change);
 * the home's data key and every session key of the home destroyed; the free texts that are not audit (home and
 * hub names, ticket summaries, session, escalation and extension reasons) overwritten, consent receipts and access
 * reviews deleted (signed or derived texts naming people, which cannot be blanked in place), device ids pseudonymised in the
 * inventory and in stored scopes ({@link DevicePseudonyms}), and the resident's name and e-mail cleared unless
 * another of their homes still needs them. Audit rows stay, as ciphertext nobody can open.
 */
@ApplicationScoped
public class HomeErasure {

    static final String ERASED_TEXT = "[erased]";

    @Inject
    Pool pool;
    @Inject
    AuditWriter audit;
    @Inject
    DataKeys keys;
    @Inject
    KeyWrapper wrapper;
    @Inject
    SessionTransitions transitions;
    @Inject
    Clock clock;
    @Inject
    io.chaperone.household.Household household;

    private final SecureRandom random = new SecureRandom();

    public record Erased(UUID homeId, Instant erasedAt, long auditSeq, int sessionKeysShredded, int requestsDenied) {
    }

    /** Erases the home of {@code resident}; 404 for any other home, 409 {@code sessions_open}. */
    public Uni<Erased> erase(UUID homeId, Actor resident, Transition.Decider decider) {
        Instant now = clock.instant();
        // The owner, or a member the owner allowed to erase (ADR 0021); a stranger gets 404 like for an unknown home.
        return household.requireDirect(resident.personId(), homeId, Right.ERASE, "home")
                .chain(member -> audit.commit(new AuditRecord(homeId, homeId, now, resident.subject(),
                                AuditKind.HOME_ERASURE_REQUESTED, null, null, "requested", null, null)))
                .chain(seq -> openSessions(pool, homeId))
                .chain(open -> open > 0 ? Uni.createFrom().failure(sessionsOpen())
                        : denyRequests(homeId, resident, decider))
                .chain(denied -> pool.withTransaction(c -> erase(c, homeId, resident, now, denied)))
                .invoke(erased -> keys.forgetHome(homeId));
    }

    private Uni<Erased> erase(SqlConnection c, UUID homeId, Actor resident, Instant now, int denied) {
        UUID[] owner = new UUID[1];
        return c.preparedQuery("SELECT resident_id FROM homes WHERE id = $1 FOR UPDATE").execute(Tuple.of(homeId))
                .invoke(rows -> owner[0] = rows.iterator().next().getUUID(0))
                .chain(rows -> openSessions(c, homeId))
                .chain(open -> {
                    if (open > 0) {
                        return Uni.createFrom().failure(sessionsOpen());
                    }
                    return c.preparedQuery("SELECT count(*) FROM support_sessions WHERE home_id = $1")
                            .execute(Tuple.of(homeId));
                })
                .chain(counts -> {
                    long sessions = counts.iterator().next().getLong(0);
                    String detail = "{\"sessions\":" + sessions + ",\"requestsDenied\":" + denied + "}";
                    return audit.commit(new AuditRecord(homeId, homeId, now, resident.subject(), AuditKind.HOME_ERASED,
                            null, null, "erased", null, detail));
                })
                // The owner's name and e-mail go, whoever of the household asked for the erasure.
                .chain(seq -> destroy(c, homeId, owner[0], now)
                        .map(shredded -> new Erased(homeId, now, seq, shredded, denied)));
    }

    private static Uni<Long> openSessions(SqlClient client, UUID homeId) {
        return client.preparedQuery("SELECT count(*) FROM support_sessions WHERE home_id = $1 "
                        + "AND state IN ('approved', 'active', 'suspended')").execute(Tuple.of(homeId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Denies the home's pending requests as the resident (each its own C1 {@code session.denied}); one that
     * moved meanwhile is left to the checks that follow. How many were denied.
     */
    private Uni<Integer> denyRequests(UUID homeId, Actor resident, Transition.Decider decider) {
        return pool.preparedQuery("SELECT id FROM support_sessions WHERE home_id = $1 AND state = 'requested'")
                .execute(Tuple.of(homeId))
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(row -> transitions.apply(row.getUUID("id"),
                                new Transition.Deny(decider), resident).replaceWith(1)
                        .onFailure(ProblemException.class).recoverWithItem(0))
                .collect().with(Collectors.summingInt(Integer::intValue));
    }

    private Uni<Integer> destroy(SqlConnection c, UUID homeId, UUID residentId, Instant now) {
        var at = now.atOffset(ZoneOffset.UTC);
        return c.preparedQuery("INSERT INTO home_data_keys (home_id, wrapped_key, wrapper_id, created_at, destroyed_at) "
                        + "VALUES ($1, NULL, $2, $3, $3) ON CONFLICT (home_id) DO UPDATE SET wrapped_key = NULL, "
                        + "destroyed_at = COALESCE(home_data_keys.destroyed_at, EXCLUDED.destroyed_at)")
                .execute(Tuple.of(homeId, wrapper.id(), at))
                .chain(() -> c.preparedQuery("UPDATE session_keys SET wrapped_key = NULL, shredded_at = $2 "
                        + "WHERE home_id = $1 AND shredded_at IS NULL").execute(Tuple.of(homeId, at)))
                .call(() -> c.preparedQuery("UPDATE homes SET name = $2, erased_at = COALESCE(erased_at, $3) WHERE id = $1")
                        .execute(Tuple.of(homeId, ERASED_TEXT, at)))
                .call(() -> c.preparedQuery("UPDATE hubs SET name = $2 WHERE home_id = $1")
                        .execute(Tuple.of(homeId, ERASED_TEXT)))
                .call(() -> c.preparedQuery("UPDATE support_tickets SET summary = $2, "
                        + "resolution_notes = CASE WHEN resolution_notes IS NULL THEN NULL ELSE $2 END WHERE home_id = $1")
                        .execute(Tuple.of(homeId, ERASED_TEXT)))
                .call(() -> c.preparedQuery("UPDATE support_sessions SET reason = $2 WHERE home_id = $1")
                        .execute(Tuple.of(homeId, ERASED_TEXT)))
                .call(() -> c.preparedQuery("UPDATE escalations SET reason = $2 WHERE session_id IN "
                        + "(SELECT id FROM support_sessions WHERE home_id = $1)").execute(Tuple.of(homeId, ERASED_TEXT)))
                // Feedback comments are people's words about this home's sessions; the ratings stay for the template.
                .call(() -> c.preparedQuery("UPDATE session_feedback SET comment = NULL WHERE session_id IN "
                        + "(SELECT id FROM support_sessions WHERE home_id = $1)").execute(Tuple.of(homeId)))
                .call(() -> c.preparedQuery("UPDATE residents SET name = NULL, email = NULL WHERE id = $1 AND NOT EXISTS "
                        + "(SELECT 1 FROM homes WHERE resident_id = $1 AND id <> $2)").execute(Tuple.of(residentId, homeId)))
                // Invitations name people by e-mail, never-grant entries name devices: neither outlives the erasure.
                .call(() -> c.preparedQuery("DELETE FROM home_invitations WHERE home_id = $1").execute(Tuple.of(homeId)))
                .call(() -> c.preparedQuery("DELETE FROM home_never_grants WHERE home_id = $1").execute(Tuple.of(homeId)))
                .call(() -> c.preparedQuery("UPDATE session_extensions SET reason = $2 WHERE session_id IN "
                        + "(SELECT id FROM support_sessions WHERE home_id = $1)").execute(Tuple.of(homeId, ERASED_TEXT)))
                // A signed receipt cannot be blanked without breaking its signature and its hash in the chain, so it
                // goes whole; the chain keeps its id and hash, against which a copy the resident downloaded still
                // verifies offline (docs/privacy.md "Consent receipts and erasure").
                .call(() -> c.preparedQuery("DELETE FROM consent_receipts WHERE home_id = $1").execute(Tuple.of(homeId)))
                // Reviews name technicians and providers, never-grant notes and device ids: derived summaries whose
                // counts stay in the chain (access_review.generated); the job makes no new one for an erased home.
                .call(() -> c.preparedQuery("DELETE FROM access_reviews WHERE home_id = $1").execute(Tuple.of(homeId)))
                .call(() -> pseudonymise(c, homeId, new DevicePseudonyms(random)))
                .map(sessionKeys -> sessionKeys.rowCount());
    }

    /** Device ids in the inventory and in every stored scope of the home (sessions, escalations, approvals). */
    private static Uni<Void> pseudonymise(SqlConnection c, UUID homeId, DevicePseudonyms names) {
        return rewrite(c, "SELECT d.hub_id, d.device_id FROM devices d JOIN hubs h ON h.id = d.hub_id WHERE h.home_id = $1",
                homeId, "UPDATE devices SET device_id = $3 WHERE hub_id = $1 AND device_id = $2",
                row -> Tuple.of(row.getUUID(0), row.getString(1), names.of(row.getUUID(0), row.getString(1))))
                .call(() -> rewrite(c, "SELECT id, hub_id, requested_scope, scope FROM support_sessions WHERE home_id = $1",
                        homeId, "UPDATE support_sessions SET requested_scope = $2, scope = $3 WHERE id = $1",
                        row -> Tuple.of(row.getUUID(0), names.scope(row.getUUID(1), row.getString(2)),
                                names.scope(row.getUUID(1), row.getString(3)))))
                .call(() -> rewrite(c, "SELECT e.id, s.hub_id, e.requested_scope FROM escalations e JOIN support_sessions s "
                                + "ON s.id = e.session_id WHERE s.home_id = $1", homeId,
                        "UPDATE escalations SET requested_scope = $2 WHERE id = $1",
                        row -> Tuple.of(row.getUUID(0), names.scope(row.getUUID(1), row.getString(2)))))
                .call(() -> rewrite(c, "SELECT a.id, s.hub_id, a.scope FROM approvals a JOIN support_sessions s "
                                + "ON s.id = a.session_id WHERE s.home_id = $1", homeId,
                        "UPDATE approvals SET scope = $2 WHERE id = $1",
                        row -> Tuple.of(row.getUUID(0), names.scope(row.getUUID(1), row.getString(2)))));
    }

    private static Uni<Void> rewrite(SqlConnection c, String select, UUID homeId, String update,
                                     Function<Row, Tuple> change) {
        return c.preparedQuery(select).execute(Tuple.of(homeId)).chain(rows -> {
            List<Tuple> batch = new ArrayList<>(rows.size());
            rows.forEach(row -> batch.add(change.apply(row)));
            return batch.isEmpty() ? Uni.createFrom().voidItem()
                    : c.preparedQuery(update).executeBatch(batch).replaceWithVoid();
        });
    }

    private static ProblemException sessionsOpen() {
        return ProblemException.conflict("sessions_open", "end or revoke the home's open sessions before erasing its data");
    }
}
