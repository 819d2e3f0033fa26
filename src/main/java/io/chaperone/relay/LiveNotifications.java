package io.chaperone.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.chaperone.notify.NotificationRaised;
import io.chaperone.protocol.OutboundFrames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Set;

/** The live channel of notifications: a {@code notification} frame on every open activity feed of the home. */
@ApplicationScoped
class LiveNotifications {

    @Inject
    LiveRegistry registry;

    void raised(@Observes NotificationRaised notification) {
        Set<Outbox> watchers = registry.watchersOf(notification.homeId());
        if (watchers.isEmpty()) {
            return;
        }
        ObjectNode frame = OutboundFrames.frame("notification")
                .put("id", notification.notificationId().toString())
                .put("kind", notification.kind().wireName())
                .put("at", notification.at().toString());
        frame.putRawValue("summary", new RawValue(notification.summaryJson()));
        String text = OutboundFrames.write(frame);
        for (Outbox watcher : watchers) {
            watcher.send(text);
        }
    }
}
