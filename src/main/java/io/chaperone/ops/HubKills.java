package io.chaperone.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.consent.Actor;
import io.chaperone.consent.SessionAction;
import io.chaperone.consent.SessionState;
import io.chaperone.consent.SessionTransitions;
import io.chaperone.consent.SupportSession;
import io.chaperone.consent.Transition;
import io.chaperone.home.Hub;
import io.chaperone.protocol.CloseCodes;
import io.chaperone.relay.Delivery;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The hub kill switch (ADR 0010). A kill commits its C1 {@code hub.killed} record before the hub row says
 * killed (audited before effect); from then on the upgrade refuses the hub ({@code HubAdmission}), no
 * technician is admitted to its sessions and none is approved ({@code 409 hub_killed}). Then every open
 * session of the hub is terminated through {@link SessionTransitions} (each its own {@code session.killed}),
 * and the hub socket closes with 4011 whatever happened to the sessions. A second kill of a killed hub writes
 * no second record but terminates and closes again, so a kill that failed half-way is finished by repeating it.
 */
@ApplicationScoped
public class HubKills {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<SessionState> OPEN = List.of(SessionState.requested, SessionState.approved,
            SessionState.active, SessionState.suspended);

    /** The kill state of a hub, and how many sessions this call terminated. */
    public record HubKillView(UUID hubId, boolean killed, Instant killedAt, String reason, String killedBy,
                              int sessionsTerminated) {
        static HubKillView of(Hub hub, int terminated) {
            return new HubKillView(hub.id, hub.killedAt != null, hub.killedAt, hub.killReason, hub.killedBy, terminated);
        }
    }

    @Inject
    Clock clock;
    @Inject
    AuditWriter audit;
    @Inject
    SessionTransitions transitions;
    @Inject
    Delivery delivery;

    public Uni<HubKillView> kill(UUID hubId, String reason, Actor ops) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Uni<Hub> killed = Panache.withTransaction(() -> found(hubId).chain(hub -> {
            if (hub.killedAt != null) {
                return Uni.createFrom().item(hub);
            }
            return audit.commit(record(hub, now, ops, AuditKind.HUB_KILLED, "killed", reason)).map(seq -> {
                hub.killedAt = now;
                hub.killReason = reason;
                hub.killedBy = ops.subject();
                return hub;
            });
        }));
        return killed.chain(hub -> terminateSessions(hub, reason, ops)
                .onTermination().invoke(() -> delivery.closeHub(hub.id, CloseCodes.TERMINATED_REASON))
                .map(terminated -> HubKillView.of(hub, terminated)));
    }

    public Uni<HubKillView> lift(UUID hubId, String reason, Actor ops) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> found(hubId).chain(hub -> {
            if (hub.killedAt == null) {
                return Uni.createFrom().failure(ProblemException.conflict("hub_not_killed", "the hub is not killed"));
            }
            return audit.commit(record(hub, now, ops, AuditKind.HUB_KILL_LIFTED, "lifted", reason)).map(seq -> {
                hub.killedAt = null;
                hub.killReason = null;
                hub.killedBy = null;
                return HubKillView.of(hub, 0);
            });
        }));
    }

    /** Terminates the hub's open sessions one after the other (each its own transaction); how many. */
    private Uni<Integer> terminateSessions(Hub hub, String reason, Actor ops) {
        Transition kill = new Transition.Plain(SessionAction.KILL, "hub killed by ops: " + reason);
        return Panache.withSession(() -> SupportSession.<SupportSession>list("hubId = ?1 and state in ?2", hub.id, OPEN))
                .onItem().transformToMulti(sessions -> Multi.createFrom().iterable(sessions))
                .onItem().transformToUniAndConcatenate(session -> transitions.apply(session.id, kill, ops))
                .collect().asList()
                .map(List::size);
    }

    private static Uni<Hub> found(UUID hubId) {
        return Hub.<Hub>findById(hubId).onItem().ifNull().failWith(() -> ProblemException.notFound("hub"));
    }

    private static AuditRecord record(Hub hub, Instant at, Actor ops, AuditKind kind, String outcome, String reason) {
        String detail = JSON.createObjectNode().put("reason", reason).toString();
        return new AuditRecord(hub.id, hub.homeId, at, ops.subject(), kind, null, null, outcome, null, detail);
    }
}
