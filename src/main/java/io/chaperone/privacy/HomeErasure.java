package io.chaperone.privacy;

import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Erasure of a home's personal data by crypto-shredding (docs/privacy.md). Inside one transaction that
 * holds the home row: refuse while a session is approved, active or suspended; commit the C1
 * {@code home.erased} record (before anything is destroyed, like every audited change); destroy the home's
 * data key and every session key of the home; overwrite the free texts that are not audit (home name,
 * ticket summaries, session and escalation reasons) and the resident's name and e-mail unless another of
 * their homes still needs them. Audit rows stay, as ciphertext nobody can open.
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
    Clock clock;

    public record Erased(UUID homeId, Instant erasedAt, long auditSeq, int sessionKeysShredded) {
    }

    /** Erases the home of {@code residentId}; 404 for any other home, 409 {@code sessions_open}. */
    public Uni<Erased> erase(UUID homeId, UUID residentId, String actor) {
        Instant now = clock.instant();
        return pool.withTransaction(c -> c.preparedQuery("SELECT resident_id FROM homes WHERE id = $1 FOR UPDATE")
                        .execute(Tuple.of(homeId))
                        .chain(rows -> {
                            if (rows.size() == 0 || !residentId.equals(rows.iterator().next().getUUID(0))) {
                                return Uni.createFrom().failure(ProblemException.notFound("home"));
                            }
                            return c.preparedQuery("SELECT count(*) FILTER (WHERE state IN ('approved', 'active', 'suspended')), "
                                    + "count(*) FROM support_sessions WHERE home_id = $1").execute(Tuple.of(homeId));
                        })
                        .chain(counts -> {
                            var row = counts.iterator().next();
                            if (row.getLong(0) > 0) {
                                return Uni.createFrom().failure(ProblemException.conflict("sessions_open",
                                        "end or revoke the home's open sessions before erasing its data"));
                            }
                            String detail = "{\"sessions\":" + row.getLong(1) + "}";
                            return audit.commit(new AuditRecord(homeId, homeId, now, actor, AuditKind.HOME_ERASED,
                                    null, null, "erased", null, detail));
                        })
                        .chain(seq -> destroy(c, homeId, residentId, now)
                                .map(shredded -> new Erased(homeId, now, seq, shredded))))
                .invoke(erased -> keys.forgetHome(homeId));
    }

    private Uni<Integer> destroy(SqlConnection c, UUID homeId, UUID residentId, Instant now) {
        var at = now.atOffset(ZoneOffset.UTC);
        return c.preparedQuery("INSERT INTO home_data_keys (home_id, wrapped_key, wrapper_id, created_at, destroyed_at) "
                        + "VALUES ($1, NULL, $2, $3, $3) ON CONFLICT (home_id) DO UPDATE SET wrapped_key = NULL, "
                        + "destroyed_at = COALESCE(home_data_keys.destroyed_at, EXCLUDED.destroyed_at)")
                .execute(Tuple.of(homeId, wrapper.id(), at))
                .chain(() -> c.preparedQuery("UPDATE session_keys SET wrapped_key = NULL, shredded_at = $2 "
                        + "WHERE home_id = $1 AND shredded_at IS NULL").execute(Tuple.of(homeId, at)))
                .call(() -> c.preparedQuery("UPDATE homes SET name = $2 WHERE id = $1").execute(Tuple.of(homeId, ERASED_TEXT)))
                .call(() -> c.preparedQuery("UPDATE support_tickets SET summary = $2 WHERE home_id = $1")
                        .execute(Tuple.of(homeId, ERASED_TEXT)))
                .call(() -> c.preparedQuery("UPDATE support_sessions SET reason = $2 WHERE home_id = $1")
                        .execute(Tuple.of(homeId, ERASED_TEXT)))
                .call(() -> c.preparedQuery("UPDATE escalations SET reason = $2 WHERE session_id IN "
                        + "(SELECT id FROM support_sessions WHERE home_id = $1)").execute(Tuple.of(homeId, ERASED_TEXT)))
                .call(() -> c.preparedQuery("UPDATE residents SET name = NULL, email = NULL WHERE id = $1 AND NOT EXISTS "
                        + "(SELECT 1 FROM homes WHERE resident_id = $1 AND id <> $2)").execute(Tuple.of(residentId, homeId)))
                .map(sessionKeys -> sessionKeys.rowCount());
    }
}
