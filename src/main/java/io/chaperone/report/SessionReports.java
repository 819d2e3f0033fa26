package io.chaperone.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.change.ChangeQueries;
import io.chaperone.consent.Escalation;
import io.chaperone.consent.SessionChanged;
import io.chaperone.consent.SessionTemplate;
import io.chaperone.consent.SupportSession;
import io.chaperone.consent.SupportTicket;
import io.chaperone.home.Device;
import io.chaperone.identity.Provider;
import io.chaperone.identity.Technician;
import io.chaperone.privacy.SessionEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Generates and stores the session report at every terminal state (after {@link ReportConfig#settleDelay()}), and
 * again when what it says changes ({@link #regenerate}). The report's SHA-256 is committed to the session's audit
 * chain ({@code report.generated}, C1) before the row is written, so an edited row fails {@link #verify}.
 */
@ApplicationScoped
public class SessionReports {

    private static final Logger LOG = Logger.getLogger(SessionReports.class);
    /** Members and map keys in alphabetical order: the stored text is stable for the same report. */
    static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    @Inject
    Vertx vertx;
    @Inject
    Clock clock;
    @Inject
    Pool pool;
    @Inject
    AuditWriter audit;
    @Inject
    SessionEvents events;
    @Inject
    ChangeQueries changes;
    @Inject
    ReportConfig config;
    @Inject
    io.chaperone.change.ChangeChecks checks;

    /** Past this a slow read-back no longer holds the report back (it is rebuilt when the read-back ends). */
    static final java.time.Duration READ_BACK_WAIT = java.time.Duration.ofSeconds(30);

    /** A stored report: its JSON as stored, and whether it still matches the hash in the audit chain. */
    public record Stored(UUID sessionId, int version, Instant generatedAt, String json, boolean verified) {
    }

    void onChanged(@Observes SessionChanged change) {
        if (change.to() != null && change.to().terminal() && change.from() != change.to()) {
            // After the settle delay and the end-of-session read-back, so the report says whether changes held.
            vertx.setTimer(Math.max(1, config.settleDelay().toMillis()), id -> checks.settled(change.sessionId())
                    .ifNoItem().after(READ_BACK_WAIT).recoverWithUni(() -> Uni.createFrom().voidItem())
                    .chain(v -> onSafeContext(() -> regenerate(change.sessionId())))
                    .subscribe().with(r -> { }, e -> LOG.warnf("session report not generated: %s (code=report.failed)",
                            e.getClass().getSimpleName())));
        }
    }

    /**
     * Config changes were read back, re-checked or rolled back: a report that exists is rebuilt (one not built yet
     * will see them when its settle timer fires).
     */
    void onChecked(@Observes io.chaperone.change.ChangesChecked checked) {
        pool.preparedQuery("SELECT 1 FROM session_reports WHERE session_id = $1").execute(Tuple.of(checked.sessionId()))
                .chain(set -> set.iterator().hasNext() ? onSafeContext(() -> regenerate(checked.sessionId())).replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .subscribe().with(v -> { }, e -> LOG.warnf("session report not rebuilt: %s (code=report.failed)",
                        e.getClass().getSimpleName()));
    }

    /**
     * Runs {@code work} on a fresh duplicated context flagged safe: a timer callback or a completion from another
     * thread is not one, and Hibernate Reactive refuses a session there (IllegalStateException, code=report.failed).
     */
    private <T> Uni<T> onSafeContext(java.util.function.Supplier<Uni<? extends T>> work) {
        io.vertx.core.Context context = io.smallrye.common.vertx.VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle.setContextSafe(context, true);
        return Uni.createFrom().<T>deferred(work).runSubscriptionOn(command -> context.runOnContext(v -> command.run()));
    }

    /** Builds the report from what is stored now, commits its hash to the chain, then stores it (version + 1). */
    public Uni<SessionReport> regenerate(UUID sessionId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return pool.preparedQuery("SELECT version FROM session_reports WHERE session_id = $1").execute(Tuple.of(sessionId))
                .map(set -> set.iterator().hasNext() ? set.iterator().next().getInteger(0) + 1 : 1)
                .chain(version -> input(sessionId, version, now))
                .chain(input -> {
                    SessionReport report = ReportBuilder.build(input);
                    String json = write(report);
                    String sha = sha256(json);
                    return audit.commit(new AuditRecord(sessionId, input.session().homeId, now, "system",
                                    AuditKind.REPORT_GENERATED, null, null, "generated", sha,
                                    "{\"version\":" + report.version() + "}"))
                            .chain(seq -> pool.preparedQuery("INSERT INTO session_reports (session_id, home_id, version, "
                                            + "generated_at, report_json, sha256) VALUES ($1, $2, $3, $4, $5, $6) "
                                            + "ON CONFLICT (session_id) DO UPDATE SET version = EXCLUDED.version, "
                                            + "generated_at = EXCLUDED.generated_at, report_json = EXCLUDED.report_json, "
                                            + "sha256 = EXCLUDED.sha256")
                                    .execute(Tuple.of(sessionId, input.session().homeId, report.version(),
                                            now.atOffset(ZoneOffset.UTC), json, sha)))
                            .replaceWith(report);
                });
    }

    /** The stored report, checked against the newest {@code report.generated} row; null when there is none yet. */
    public Uni<Stored> stored(UUID sessionId, UUID homeId) {
        return pool.preparedQuery("SELECT version, generated_at, report_json FROM session_reports WHERE session_id = $1")
                .execute(Tuple.of(sessionId))
                .chain(set -> {
                    if (!set.iterator().hasNext()) {
                        return Uni.createFrom().nullItem();
                    }
                    var row = set.iterator().next();
                    String json = row.getString("report_json");
                    return events.latestCorrelation(sessionId, homeId, AuditKind.REPORT_GENERATED.wireName())
                            .map(recorded -> new Stored(sessionId, row.getInteger("version"),
                                    row.getOffsetDateTime("generated_at").toInstant(), json, sha256(json).equals(recorded)));
                });
    }

    private Uni<ReportInput> input(UUID sessionId, int version, Instant now) {
        return Panache.withSession(() -> SupportSession.<SupportSession>findById(sessionId).chain(s ->
                SessionTemplate.<SessionTemplate>findById(s.templateId).chain(template ->
                Technician.<Technician>findById(s.technicianId).chain(technician ->
                Provider.<Provider>findById(s.providerId).chain(provider ->
                SupportTicket.<SupportTicket>findById(s.ticketId).chain(ticket ->
                Escalation.<Escalation>list("sessionId", Sort.by("requestedAt"), s.id).chain(escalations ->
                Device.<Device>list("key.hubId", s.hubId).map(devices -> {
                    Map<String, String> kinds = new HashMap<>();
                    devices.forEach(d -> kinds.put(d.key.deviceId(), d.kind));
                    return new Partial(s, template, technician, provider, ticket, escalations, kinds);
                }))))))))
                .chain(p -> events.of(sessionId, p.session().homeId).chain(chain -> changes.of(sessionId, false)
                        .map(stored -> new ReportInput(p.session(), p.template(), p.technician(), p.provider(), p.ticket(),
                                p.escalations(), p.kinds(), chain, stored, version, now))));
    }

    private record Partial(SupportSession session, SessionTemplate template, Technician technician, Provider provider,
                           SupportTicket ticket, java.util.List<Escalation> escalations, Map<String, String> kinds) {
    }

    static String write(SessionReport report) {
        try {
            return JSON.writeValueAsString(report);
        } catch (Exception e) {
            throw new IllegalStateException("report cannot be written", e);
        }
    }

    static String sha256(String json) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
