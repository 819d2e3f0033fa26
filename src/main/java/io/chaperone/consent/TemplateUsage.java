package io.chaperone.consent;

import io.chaperone.audit.AuditKind;
import io.chaperone.privacy.SessionEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * How a template is used: sessions per version, and of its approved sessions the share that saw at least one
 * refused command ({@code command.denied}) or anomaly flag ({@code anomaly.flagged}). Counted from each session's
 * audit chain through {@link SessionEvents}, the public audit read (no audit SQL here). Needs a Panache session.
 */
@ApplicationScoped
public class TemplateUsage {

    @Inject
    SessionEvents events;

    /** Sessions requested under one version. */
    public record VersionCount(int version, long sessions) {
    }

    /** Rates are over approved sessions (only they can send commands); null when there is none. */
    public record Usage(List<VersionCount> versions, long sessions, long approvedSessions,
                        long sessionsWithDenials, long deniedCommands, Double denialRate,
                        long sessionsWithAnomalies, long anomalyFlags, Double anomalyRate) {
    }

    public Uni<Usage> of(UUID templateId) {
        return SupportSession.<SupportSession>list("templateId", templateId).chain(sessions -> {
            Map<Integer, Long> perVersion = new TreeMap<>();
            List<SupportSession> approved = new ArrayList<>();
            for (SupportSession s : sessions) {
                perVersion.merge(s.templateVersion == null ? 1 : s.templateVersion, 1L, Long::sum);
                if (s.approvedAt != null) {
                    approved.add(s);
                }
            }
            long[] counts = new long[4]; // sessions with denials, denied commands, sessions with anomalies, flags
            Uni<Void> all = Uni.createFrom().voidItem();
            for (SupportSession s : approved) {
                all = all.chain(() -> events.of(s.id, s.homeId).invoke(list -> {
                    long denied = list.stream().filter(e -> AuditKind.COMMAND_DENIED.wireName().equals(e.kind())).count();
                    long flags = list.stream().filter(e -> AuditKind.ANOMALY_FLAGGED.wireName().equals(e.kind())).count();
                    counts[0] += denied > 0 ? 1 : 0;
                    counts[1] += denied;
                    counts[2] += flags > 0 ? 1 : 0;
                    counts[3] += flags;
                }).replaceWithVoid());
            }
            return all.map(done -> new Usage(
                    perVersion.entrySet().stream().map(e -> new VersionCount(e.getKey(), e.getValue())).toList(),
                    sessions.size(), approved.size(), counts[0], counts[1], rate(counts[0], approved.size()),
                    counts[2], counts[3], rate(counts[2], approved.size())));
        });
    }

    private static Double rate(long part, long whole) {
        return whole == 0 ? null : Math.round(part * 10_000.0 / whole) / 10_000.0;
    }
}
