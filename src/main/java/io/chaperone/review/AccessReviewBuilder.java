package io.chaperone.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.consent.SessionState;
import io.chaperone.consent.SessionTemplate;
import io.chaperone.consent.SupportSession;
import io.chaperone.household.NeverGrant;
import io.chaperone.identity.Provider;
import io.chaperone.identity.Technician;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The body of an access review, from rows already loaded (pure, so the rules read in one place): the sessions
 * requested within [from, to), who had them (providers, technicians), the approvals still open at {@code now}
 * (requests waiting, sessions approved, active or suspended, whenever they were asked), and the templates of both.
 */
final class AccessReviewBuilder {

    static final String FORMAT = "chaperone-access-review/1";
    static final Set<SessionState> OPEN = Set.of(SessionState.requested, SessionState.approved, SessionState.active,
            SessionState.suspended);
    private static final ObjectMapper JSON = new ObjectMapper();

    private AccessReviewBuilder() {
    }

    record Rows(List<SupportSession> inPeriod, List<SupportSession> open, Map<UUID, Provider> providers,
                Map<UUID, Technician> technicians, Map<UUID, SessionTemplate> templates, List<NeverGrant> neverGrant) {
    }

    static ObjectNode build(UUID reviewId, UUID homeId, Instant from, Instant to, Instant now, Rows rows) {
        ObjectNode body = JSON.createObjectNode().put("format", FORMAT).put("id", reviewId.toString())
                .put("homeId", homeId.toString()).put("periodFrom", from.toString()).put("periodTo", to.toString())
                .put("generatedAt", now.toString());
        ArrayNode sessions = body.putArray("sessions");
        Map<UUID, Integer> perProvider = new TreeMap<>();
        Map<UUID, Integer> perTechnician = new TreeMap<>();
        Map<UUID, Boolean> templateIds = new LinkedHashMap<>();
        for (SupportSession s : sorted(rows.inPeriod())) {
            sessions.addObject().put("sessionId", s.id.toString()).put("state", s.effectiveState(now).name())
                    .put("providerId", s.providerId.toString()).put("technicianId", s.technicianId.toString())
                    .put("templateId", s.templateId.toString()).put("requestedAt", s.requestedAt.toString())
                    .put("approvedAt", text(s.approvedAt)).put("endedAt", text(s.endedAt));
            perProvider.merge(s.providerId, 1, Integer::sum);
            perTechnician.merge(s.technicianId, 1, Integer::sum);
            templateIds.put(s.templateId, true);
        }
        ArrayNode providers = body.putArray("providers");
        perProvider.forEach((id, n) -> providers.addObject().put("providerId", id.toString())
                .put("name", name(rows.providers().get(id))).put("sessions", n));
        ArrayNode technicians = body.putArray("technicians");
        perTechnician.forEach((id, n) -> {
            Technician t = rows.technicians().get(id);
            technicians.addObject().put("technicianId", id.toString()).put("name", t == null ? null : t.name)
                    .put("providerId", t == null ? null : t.providerId.toString()).put("sessions", n);
        });
        ArrayNode open = body.putArray("openApprovals");
        for (SupportSession s : sorted(rows.open())) {
            SessionState state = s.effectiveState(now);
            if (!OPEN.contains(state)) {
                continue;   // past its deadline, not yet written by the expiry job: nothing left to revoke
            }
            open.addObject().put("sessionId", s.id.toString()).put("state", state.name())
                    .put("providerId", s.providerId.toString()).put("technicianId", s.technicianId.toString())
                    .put("templateId", s.templateId.toString()).put("scopeVersion", s.scopeVersion)
                    .put("expiresAt", text(state == SessionState.requested ? s.requestExpiresAt : s.expiresAt));
            templateIds.put(s.templateId, true);
        }
        ArrayNode templates = body.putArray("templates");
        templateIds.keySet().stream().sorted().forEach(id -> {
            SessionTemplate t = rows.templates().get(id);
            templates.addObject().put("templateId", id.toString()).put("name", t == null ? null : t.name)
                    .put("description", t == null ? null : t.description);
        });
        // The home's never-grant list as it stands at generation (household feature), in the list's own order.
        ArrayNode never = body.putArray("neverGrant");
        for (NeverGrant e : rows.neverGrant()) {
            never.addObject().put("id", e.id.toString()).put("device", e.deviceId).put("operation", e.operation)
                    .put("dataClass", e.dataClass).put("note", e.note)
                    .put("createdAt", text(e.createdAt));
        }
        return body;
    }

    private static List<SupportSession> sorted(List<SupportSession> sessions) {
        return sessions.stream().sorted(Comparator.comparing((SupportSession s) -> s.requestedAt).thenComparing(s -> s.id))
                .toList();
    }

    private static String name(Provider provider) {
        return provider == null ? null : provider.name;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
