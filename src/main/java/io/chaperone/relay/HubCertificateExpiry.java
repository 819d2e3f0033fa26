package io.chaperone.relay;

import io.chaperone.protocol.CloseCodes;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;

/**
 * A live hub connection lasts no longer than the certificate it was admitted with: a timer at the
 * certificate's notAfter closes it with 4012. The certificate is valid through notAfter itself (as at the
 * upgrade), so the connection closes at the first millisecond after it. A timer that fires early by the
 * gateway clock re-arms for the rest.
 */
@ApplicationScoped
public class HubCertificateExpiry {

    @Inject
    LiveRegistry registry;
    @Inject
    Delivery delivery;
    @Inject
    Vertx vertx;
    @Inject
    Clock clock;

    /** Stops watching a connection that closed. */
    void forget(LiveHub hub) {
        if (hub.expiryTimer() >= 0) {
            vertx.cancelTimer(hub.expiryTimer());
        }
    }

    /** The timer fired: close the connection once its certificate has expired, else wait for the rest. */
    void check(LiveHub hub) {
        if (registry.hub(hub.hubId()) != hub) {
            return; // closed or superseded meanwhile
        }
        if (expired(hub, clock.millis())) {
            delivery.closeHubConnection(hub, CloseCodes.CERTIFICATE_EXPIRED_REASON);
        } else {
            watch(hub);
        }
    }

    static boolean expired(LiveHub hub, long nowMillis) {
        return nowMillis > hub.admitted().certificateNotAfter().toEpochMilli();
    }

    /** Arms (or re-arms) the expiry timer of an admitted hub connection. */
    void watch(LiveHub hub) {
        long delay = Math.max(1, hub.admitted().certificateNotAfter().toEpochMilli() - clock.millis() + 1);
        hub.expiryTimer(vertx.setTimer(delay, id -> check(hub)));
    }
}
