package io.chaperone.notify;

import java.time.Instant;
import java.util.UUID;

/**
 * Fired after a notification was fanned out (committed): the relay pushes it to the home's open activity feeds, the
 * live channel every resident gets whatever their preferences. {@code summaryJson} is the stored summary.
 */
public record NotificationRaised(UUID notificationId, UUID homeId, NotificationKind kind, String summaryJson,
                                 Instant at) {
}
