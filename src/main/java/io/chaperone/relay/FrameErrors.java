package io.chaperone.relay;

import io.chaperone.protocol.CloseCodes;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Failures raised on a connection. An oversized message closes with 1009 (Quarkus 3.33.2 would use
 * 1011); anything else closes with 1011. Logged by class only: a message may carry payload.
 */
@ApplicationScoped
public class FrameErrors {

    private static final Logger LOG = Logger.getLogger(FrameErrors.class);
    private static final CloseReason INTERNAL = new CloseReason(1011, "internal error");

    public Uni<Void> handle(WebSocketConnection connection, Throwable failure) {
        if (tooBig(failure)) {
            return connection.close(CloseCodes.TOO_BIG_REASON);
        }
        LOG.warnf("closing a connection after %s", failure.getClass().getSimpleName());
        return connection.close(INTERNAL);
    }

    static boolean tooBig(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            String message = String.valueOf(t.getMessage());
            if (name.contains("TooLongFrame") || message.contains("max message size")
                    || message.contains("Max frame length")) {
                return true;
            }
        }
        return false;
    }
}
