package io.chaperone.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The REST shapes of notifications (never the rows; a webhook secret only in {@link CreatedWebhook}). */
public final class NotificationViews {

    private NotificationViews() {
    }

    public record Preferences(boolean emailEnabled, String emailAddress, boolean webhookEnabled, Set<String> mutedKinds) {
    }

    public record WebhookBody(String url) {
    }

    public record Webhook(UUID id, String url, Instant createdAt) {
    }

    /** Answered once, at creation: the secret is never shown again. */
    public record CreatedWebhook(UUID id, String url, String secret, Instant createdAt) {
    }

    public record Delivery(UUID id, String channel, UUID endpointId, String state, int attempts, Integer lastStatus,
                           String lastError, Instant nextAttemptAt, Instant deliveredAt) {
    }

    public record Notification(UUID id, String kind, UUID sessionId, Map<String, Object> summary, Instant createdAt,
                               boolean fannedOut, List<Delivery> deliveries) {
    }
}
