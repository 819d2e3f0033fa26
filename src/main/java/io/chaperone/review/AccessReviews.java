package io.chaperone.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.consent.SessionState;
import io.chaperone.consent.SessionTemplate;
import io.chaperone.consent.SupportSession;
import io.chaperone.household.NeverGrantList;
import io.chaperone.identity.Provider;
import io.chaperone.identity.Technician;
import io.chaperone.notify.NotificationKind;
import io.chaperone.notify.NotificationSummary;
import io.chaperone.notify.Notifications;
import io.chaperone.protocol.OutboundFrames;
import io.chaperone.relay.ActivityFeed;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Generates and stores access reviews (docs/api.md "Access reviews"): the C1 {@code access_review.generated} record
 * on the home's chain commits with the row, and so does its {@code access_review.ready} notification (the outbox row,
 * so a rolled-back review tells nobody and a committed one is mailed even if the node dies); once committed the review
 * is pushed to the home's live activity sockets and the dispatcher is asked to run.
 */
@ApplicationScoped
public class AccessReviews {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Clock clock;
    @Inject
    AuditWriter audit;
    @Inject
    ActivityFeed feed;
    @Inject
    Notifications notifications;

    /** A review of {@code homeId} for [from, to); {@code actor} is the resident's subject or {@code system}. */
    public Uni<AccessReview> generate(UUID homeId, Instant from, Instant to, String trigger, String actor) {
        Instant now = SupportSession.now(clock);
        UUID id = UUID.randomUUID();
        return Panache.withTransaction(() -> rows(homeId, from, to).chain(rows -> {
            ObjectNode body = AccessReviewBuilder.build(id, homeId, from, to, now, rows);
            AccessReview review = new AccessReview();
            review.id = id;
            review.homeId = homeId;
            review.periodFrom = from;
            review.periodTo = to;
            review.generatedAt = now;
            review.trigger = trigger;
            review.body = body.toString();
            String detail = JSON.createObjectNode().put("reviewId", id.toString()).put("periodFrom", from.toString())
                    .put("periodTo", to.toString()).put("sessions", body.path("sessions").size())
                    .put("openApprovals", body.path("openApprovals").size()).toString();
            return audit.commit(new AuditRecord(homeId, homeId, now, actor, AuditKind.ACCESS_REVIEW_GENERATED, null, null,
                    trigger, id.toString(), detail)).chain(() -> review.<AccessReview>persist())
                    .call(() -> notifications.enqueue(homeId, NotificationKind.ACCESS_REVIEW_READY, summary(body)));
        })).invoke(notifications::kick).invoke(review -> feed.push(homeId, OutboundFrames.write(OutboundFrames.frame("access_review")
                .put("homeId", homeId.toString()).put("reviewId", review.id.toString())
                .put("periodFrom", review.periodFrom.toString()).put("periodTo", review.periodTo.toString()))));
    }

    /**
     * What the digest says: counts and the period only (no names, ids of people or secrets; the mail is read outside
     * the gateway), the review's id so the resident finds it after signing in.
     */
    static NotificationSummary summary(ObjectNode body) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("review", body.path("id").asText());
        facts.put("period", body.path("periodFrom").asText() + " to " + body.path("periodTo").asText());
        facts.put("sessions", Integer.toString(body.path("sessions").size()));
        facts.put("open approvals", Integer.toString(body.path("openApprovals").size()));
        facts.put("providers", Integer.toString(body.path("providers").size()));
        facts.put("never-grant entries", Integer.toString(body.path("neverGrant").size()));
        return new NotificationSummary("Your access review is ready: who had access to your home", null, facts);
    }

    private static Uni<AccessReviewBuilder.Rows> rows(UUID homeId, Instant from, Instant to) {
        Uni<List<SupportSession>> inPeriod = SupportSession.list(
                "homeId = ?1 and requestedAt >= ?2 and requestedAt < ?3", homeId, from, to);
        return inPeriod.chain(period -> SupportSession.<SupportSession>list("homeId = ?1 and state in ?2", homeId,
                List.copyOf(AccessReviewBuilder.OPEN))
                .chain(open -> {
                    Set<UUID> providers = ids(period, open, s -> s.providerId);
                    Set<UUID> technicians = ids(period, open, s -> s.technicianId);
                    Set<UUID> templates = ids(period, open, s -> s.templateId);
                    return byId(Provider.class, providers, (Provider p) -> p.id).chain(ps ->
                            byId(Technician.class, technicians, (Technician t) -> t.id).chain(ts ->
                                    byId(SessionTemplate.class, templates, (SessionTemplate t) -> t.id).chain(tps ->
                                            NeverGrantList.load(homeId).map(never ->
                                                    new AccessReviewBuilder.Rows(period, open, ps, ts, tps,
                                                            never.entries())))));
                }));
    }

    private static Set<UUID> ids(List<SupportSession> a, List<SupportSession> b, Function<SupportSession, UUID> id) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).map(id).collect(Collectors.toSet());
    }

    private static <T extends PanacheEntityBase> Uni<Map<UUID, T>> byId(Class<T> type, Collection<UUID> ids,
                                                                      Function<T, UUID> id) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Uni<List<T>> found = Panache.getSession().chain(s -> s.createQuery("from " + type.getSimpleName()
                + " where id in (:ids)", type).setParameter("ids", List.copyOf(ids)).getResultList());
        return found.map(list -> list.stream().collect(Collectors.toMap(id, Function.identity())));
    }
}
