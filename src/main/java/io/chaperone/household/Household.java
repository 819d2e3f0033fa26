package io.chaperone.household;

import io.chaperone.home.Home;
import io.chaperone.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.UUID;

/**
 * The one answer to "may this resident do that in this home" (ADR 0021). Every check of a resident against a home
 * goes through here: sessions ({@code SessionAccess}), homes and hubs, export and erasure, the activity feed. A
 * stranger gets the same 404 as for an unknown home (ids of other people's homes reveal nothing); a member without
 * the right gets 403 {@code household_right_required}. Never called on the per-frame path: only at requests and
 * at the WebSocket upgrade.
 * <p>
 * {@link #require} reads through Hibernate Reactive (call it inside a Panache session or transaction);
 * {@link #requireDirect} and {@link #requireBySubject} read through the SQL client, for callers outside one.
 */
@ApplicationScoped
public class Household {

    private static final String BY_RESIDENT = """
            SELECT h.resident_id = $2 AS owner, m.resident_id IS NOT NULL AS member, m.may_decide, m.may_erase
              FROM homes h LEFT JOIN home_members m ON m.home_id = h.id AND m.resident_id = $2
             WHERE h.id = $1""";
    private static final String BY_SUBJECT = """
            SELECT r.id AS resident_id, h.resident_id = r.id AS owner, m.resident_id IS NOT NULL AS member,
                   m.may_decide, m.may_erase
              FROM homes h JOIN residents r ON r.subject = $2
                   LEFT JOIN home_members m ON m.home_id = h.id AND m.resident_id = r.id
             WHERE h.id = $1""";

    @Inject
    Pool pool;

    /** The resident's membership of the home, if any (inside a Panache session). */
    public Uni<Optional<Membership>> membership(UUID residentId, UUID homeId) {
        return Home.<Home>findById(homeId).chain(home -> {
            if (home == null) {
                return Uni.createFrom().item(Optional.<Membership>empty());
            }
            if (home.residentId.equals(residentId)) {
                return Uni.createFrom().item(Optional.of(Membership.ownerOf(homeId, residentId)));
            }
            return HomeMember.<HomeMember>findById(new HomeMember.Key(homeId, residentId))
                    .map(member -> Optional.ofNullable(member).map(HomeMember::membership));
        });
    }

    /** The membership if it allows {@code right}; 404 ({@code what} not found) for a stranger, 403 otherwise. */
    public Uni<Membership> require(UUID residentId, UUID homeId, Right right, String what) {
        return membership(residentId, homeId).map(found -> judge(found, right, what));
    }

    /** As {@link #require}, through the SQL client (outside a Panache session). */
    public Uni<Membership> requireDirect(UUID residentId, UUID homeId, Right right, String what) {
        return pool.preparedQuery(BY_RESIDENT).execute(Tuple.of(homeId, residentId)).map(rows -> judge(
                rows.size() == 1 ? of(homeId, residentId, rows.iterator().next()) : Optional.empty(), right, what));
    }

    /** As {@link #requireDirect}, for a token subject (the WebSocket upgrade knows no resident id). */
    public Uni<Membership> requireBySubject(String subject, UUID homeId, Right right, String what) {
        return pool.preparedQuery(BY_SUBJECT).execute(Tuple.of(homeId, subject)).map(rows -> {
            Optional<Membership> found = Optional.empty();
            if (rows.size() == 1) {
                Row row = rows.iterator().next();
                found = of(homeId, row.getUUID("resident_id"), row);
            }
            return judge(found, right, what);
        });
    }

    /** The home's never-grant list (inside a Panache session); no per-frame use: requests, approvals, escalations. */
    public Uni<NeverGrantList> neverGrants(UUID homeId) {
        return NeverGrantList.load(homeId);
    }

    private static Optional<Membership> of(UUID homeId, UUID residentId, Row row) {
        if (Boolean.TRUE.equals(row.getBoolean("owner"))) {
            return Optional.of(Membership.ownerOf(homeId, residentId));
        }
        if (!Boolean.TRUE.equals(row.getBoolean("member"))) {
            return Optional.empty();
        }
        return Optional.of(new Membership(homeId, residentId, false, row.getBoolean("may_decide"),
                row.getBoolean("may_erase")));
    }

    private static Membership judge(Optional<Membership> found, Right right, String what) {
        return found.orElseThrow(() -> ProblemException.notFound(what)).require(right);
    }
}
