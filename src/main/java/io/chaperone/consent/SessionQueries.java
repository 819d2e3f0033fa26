package io.chaperone.consent;

import io.chaperone.home.Device;
import io.chaperone.identity.Provider;
import io.chaperone.identity.Role;
import io.chaperone.identity.Technician;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Read side of sessions: one session with its devices and escalations, and the caller's list. */
@ApplicationScoped
public class SessionQueries {

    /** The list is for people, not exports: the most recent sessions only. */
    static final int LIST_LIMIT = 200;

    @Inject
    Clock clock;
    @Inject
    SessionAccess access;
    @Inject
    io.chaperone.household.HouseholdConfig household;

    public Uni<SessionView> view(UUID sessionId, Actor actor) {
        Instant now = clock.instant();
        return Panache.withSession(() -> SupportSession.<SupportSession>findById(sessionId)
                .chain(s -> access.visible(s, actor))
                .chain(session -> Device.<Device>list("key.hubId", session.hubId).chain(devices ->
                        Escalation.<Escalation>list("sessionId", Sort.by("requestedAt"), session.id).chain(escalations ->
                                explain(session).map(request -> SessionView.of(session, now, devicesOf(session, devices),
                                        escalations.stream().map(SessionView.EscalationView::of).toList(), request,
                                        household.startBy().defaultWindow()))))));
    }

    /** The request in plain language, with the template, technician and provider it names. */
    public Uni<RequestExplained> explain(SupportSession session) {
        return SessionTemplate.asOf(session.templateId, session.templateVersion).chain(template ->
                Technician.<Technician>findById(session.technicianId).chain(technician ->
                        Provider.<Provider>findById(session.providerId).map(provider ->
                                RequestExplained.of(session, template, technician, provider))));
    }

    /**
     * The caller's sessions (resident: of their homes; technician: their own, of the provider their token names; ops:
     * all), newest first, optionally of one home only.
     */
    public Uni<List<SessionView.Summary>> list(Actor actor, Optional<SessionState> state, Optional<UUID> home) {
        Instant now = clock.instant();
        Sort newest = Sort.by("requestedAt").descending();
        return Panache.withSession(() -> {
            List<Object> params = new ArrayList<>();
            String where;
            if (actor.is(Role.RESIDENT)) {
                params.add(actor.personId());
                where = "(homeId in (select h.id from Home h where h.residentId = ?1) "
                        + "or homeId in (select m.key.homeId from HomeMember m where m.key.residentId = ?1))";
            } else if (actor.is(Role.TECHNICIAN)) {
                params.add(actor.personId());
                params.add(actor.providerId());
                where = "technicianId = ?1 and providerId = ?2";
            } else {
                where = null;
            }
            if (home.isPresent()) {
                params.add(home.get());
                where = (where == null ? "" : where + " and ") + "homeId = ?" + params.size();
            }
            if (where == null) {
                return SupportSession.<SupportSession>findAll(newest).range(0, LIST_LIMIT - 1).list();
            }
            return SupportSession.<SupportSession>find(where, newest, params.toArray()).range(0, LIST_LIMIT - 1).list();
        }).map(sessions -> sessions.stream()
                // Filtered on the effective state: a session past its deadline lists as expired at once.
                .filter(s -> state.map(wanted -> s.effectiveState(now) == wanted).orElse(true))
                .map(s -> SessionView.Summary.of(s, now))
                .toList());
    }

    static UUID parseHomeId(String homeId) {
        try {
            return UUID.fromString(homeId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid_home_id", "homeId must be a home's id (a UUID)");
        }
    }

    static SessionState parseState(String state) {
        return SessionState.fromWire(state).orElseThrow(() -> ProblemException.badRequest("invalid_state",
                "state must be one of requested, approved, active, suspended, ended, revoked, expired, denied, cancelled, "
                        + "terminated"));
    }

    private static List<SessionView.DeviceView> devicesOf(SupportSession session, List<Device> inventory) {
        Map<String, Device> byId = inventory.stream().collect(Collectors.toMap(d -> d.key.deviceId(), Function.identity()));
        var named = session.scope == null ? session.requested().devices() : session.granted().devices();
        return named.stream().map(id -> {
            Device d = byId.get(id);
            return d == null ? new SessionView.DeviceView(id, null, null, "unknown")
                    : new SessionView.DeviceView(id, d.kind, d.model, d.status);
        }).toList();
    }
}
