package io.chaperone.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The e-mail digest: once a home's oldest pending e-mail delivery is due (its notification is older than the digest
 * window), every pending e-mail delivery of that home is claimed and sent as one message. It carries titles, short
 * facts and a sign-in link: never a secret, a payload or a link that signs in by itself.
 */
@ApplicationScoped
class EmailDigest {

    private static final String CLAIM = "WITH claimed AS ("
            + " UPDATE notification_deliveries d SET lease_until = $1, lease_token = $2, attempts = d.attempts + 1"
            + " WHERE d.id IN (SELECT id FROM notification_deliveries WHERE channel = 'email' AND state = 'pending'"
            + "  AND (lease_until IS NULL OR lease_until <= $3) AND home_id IN (SELECT home_id FROM notification_deliveries"
            + "   WHERE channel = 'email' AND state = 'pending' AND next_attempt_at <= $3)"
            + "  ORDER BY home_id LIMIT $4 FOR UPDATE SKIP LOCKED)"
            + " RETURNING d.id, d.notification_id, d.home_id, d.attempts)"
            + " SELECT c.id, c.attempts, c.home_id, n.kind, n.summary, n.created_at,"
            + "  coalesce(p.email_address, r.email)"
            + " FROM claimed c JOIN notifications n ON n.id = c.notification_id JOIN homes h ON h.id = c.home_id"
            + " JOIN residents r ON r.id = h.resident_id LEFT JOIN notification_preferences p ON p.home_id = c.home_id"
            + " ORDER BY n.created_at";

    @Inject
    Pool pool;
    @Inject
    Clock clock;
    @Inject
    NotifyConfig config;
    @Inject
    Deliveries deliveries;
    @Inject
    ReactiveMailer mailer;
    @Inject
    ObjectMapper json;

    private record Claimed(UUID id, int attempts, UUID homeId, String kind, String summary, Instant createdAt,
                           String address) {
    }

    Uni<Integer> pass() {
        UUID token = UUID.randomUUID();
        Instant now = clock.instant();
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(now.plus(config.lease()).atOffset(ZoneOffset.UTC), token, now.atOffset(ZoneOffset.UTC),
                        config.batchSize()))
                .chain(rows -> {
                    Map<UUID, List<Claimed>> byHome = new LinkedHashMap<>();
                    for (Row r : rows) {
                        Claimed c = new Claimed(r.getUUID(0), r.getInteger(1), r.getUUID(2), r.getString(3),
                                r.getString(4), r.getOffsetDateTime(5).toInstant(), r.getString(6));
                        byHome.computeIfAbsent(c.homeId(), h -> new ArrayList<>()).add(c);
                    }
                    return Multi.createFrom().iterable(byHome.values())
                            .onItem().transformToUniAndMerge(digest -> send(digest, token).replaceWith(digest.size()))
                            .collect().asList().map(done -> rows.size());
                });
    }

    private Uni<Void> send(List<Claimed> digest, UUID token) {
        String address = digest.get(0).address();
        Uni<Void> sent = address == null || address.isBlank()
                ? Uni.createFrom().failure(new IllegalStateException("no address"))
                : mailer.send(Mail.withText(address, subject(digest.size()), text(digest)).setFrom(config.email().from()));
        return sent.chain(() -> each(digest, c -> deliveries.delivered(c.id(), token, clock.instant(), null)))
                .onFailure().recoverWithUni(e -> each(digest, c -> deliveries.failed(c.id(), token, clock.instant(),
                        c.attempts(), config.email().maxAttempts(),
                        Deliveries.backoff(config.webhook().backoffBase(), config.webhook().backoffMax(), c.attempts()),
                        null, e.getClass().getSimpleName())));
    }

    private static Uni<Void> each(List<Claimed> digest, Function<Claimed, Uni<Void>> step) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Claimed c : digest) {
            chain = chain.chain(() -> step.apply(c));
        }
        return chain;
    }

    static String subject(int count) {
        return count == 1 ? "Chaperone: 1 update about your home" : "Chaperone: " + count + " updates about your home";
    }

    private String text(List<Claimed> digest) {
        StringBuilder text = new StringBuilder("Hello,\n\nhere is what happened in your home recently:\n\n");
        for (Claimed c : digest) {
            JsonNode summary = read(c.summary());
            text.append("- ").append(c.createdAt().toString()).append("  ").append(summary.path("title").asText())
                    .append('\n');
            summary.path("facts").fields().forEachRemaining(f ->
                    text.append("    ").append(f.getKey()).append(": ").append(f.getValue().asText()).append('\n'));
        }
        text.append("\nSign in to see the details and to decide: ").append(config.email().signInUrl()).append('\n')
                .append("\nThis message never contains passwords, keys or device data. If a message asks you for them,"
                        + " it is not from Chaperone.\n");
        return text.toString();
    }

    private JsonNode read(String summary) {
        try {
            return json.readTree(summary);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }
}
