package io.chaperone.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Webhook deliveries: claim the due ones under a lease (FOR UPDATE SKIP LOCKED, so concurrent passes on any node take
 * disjoint rows), POST each signed by the Standard Webhooks scheme, then record delivered / retry / dead.
 */
@ApplicationScoped
class WebhookDelivery {

    private static final Logger LOG = Logger.getLogger(WebhookDelivery.class);

    private static final String CLAIM = "WITH claimed AS ("
            + " UPDATE notification_deliveries d SET lease_until = $1, lease_token = $2, attempts = d.attempts + 1"
            + " WHERE d.id IN (SELECT id FROM notification_deliveries WHERE channel = 'webhook' AND state = 'pending'"
            + "  AND next_attempt_at <= $3 AND (lease_until IS NULL OR lease_until <= $3)"
            + "  ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED)"
            + " RETURNING d.id, d.notification_id, d.endpoint_id, d.attempts)"
            + " SELECT c.id, c.attempts, n.id, n.kind, n.summary, n.created_at, n.home_id, e.url, e.secret"
            + " FROM claimed c JOIN notifications n ON n.id = c.notification_id"
            + " JOIN webhook_endpoints e ON e.id = c.endpoint_id";

    @Inject
    Pool pool;
    @Inject
    Clock clock;
    @Inject
    NotifyConfig config;
    @Inject
    Deliveries deliveries;
    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    record Claimed(UUID id, int attempts, UUID notificationId, String kind, String summary, Instant createdAt,
                   UUID homeId, String url, String secret) {
    }

    /** Claims the due webhook deliveries for this pass; public to the package so a test can model a pass that dies. */
    Uni<List<Claimed>> claim(UUID token, Instant now) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(now.plus(config.lease()).atOffset(ZoneOffset.UTC), token, now.atOffset(ZoneOffset.UTC),
                        config.batchSize()))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        claimed.add(new Claimed(r.getUUID(0), r.getInteger(1), r.getUUID(2), r.getString(3),
                                r.getString(4), r.getOffsetDateTime(5).toInstant(), r.getUUID(6), r.getString(7),
                                r.getString(8)));
                    }
                    return claimed;
                });
    }

    /** One pass: claim, send, record. Answers how many were claimed. */
    Uni<Integer> pass() {
        UUID token = UUID.randomUUID();
        return claim(token, clock.instant()).chain(claimed -> Multi.createFrom().iterable(claimed)
                .onItem().transformToUniAndMerge(c -> send(c)
                        .onItemOrFailure().transformToUni((status, failure) -> record(c, token, status, failure))
                        .replaceWith(1))
                .collect().asList().map(done -> claimed.size()));
    }

    private Uni<Integer> send(Claimed c) {
        Instant now = clock.instant();
        long timestamp = now.getEpochSecond();
        String id = "msg_" + c.id();
        String body = body(c);
        HttpRequest request = HttpRequest.newBuilder(URI.create(c.url()))
                .timeout(config.webhook().timeout())
                .header("content-type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignature.sign(c.secret(), id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .map(HttpResponse::statusCode);
    }

    private Uni<Void> record(Claimed c, UUID token, Integer status, Throwable failure) {
        Instant now = clock.instant();
        if (status != null && status >= 200 && status < 300) {
            return deliveries.delivered(c.id(), token, now, status);
        }
        String error = status != null ? "http " + status : failure.getClass().getSimpleName();
        NotifyConfig.Webhook w = config.webhook();
        if (c.attempts() >= w.maxAttempts()) {
            LOG.warnf("Webhook delivery dead-lettered (code=notify.webhook_dead, delivery=%s, attempts=%d, last=%s)",
                    c.id(), c.attempts(), error);
        }
        return deliveries.failed(c.id(), token, now, c.attempts(), w.maxAttempts(),
                Deliveries.backoff(w.backoffBase(), w.backoffMax(), c.attempts()), status, error);
    }

    /** The Standard Webhooks payload: {@code type}, {@code timestamp}, {@code data}. */
    private String body(Claimed c) {
        try {
            JsonNode summary = json.readTree(c.summary());
            ObjectNode root = json.createObjectNode().put("type", c.kind()).put("timestamp", c.createdAt().toString());
            ObjectNode data = root.putObject("data");
            data.put("notificationId", c.notificationId().toString()).put("homeId", c.homeId().toString());
            data.setAll((ObjectNode) summary);
            return json.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
