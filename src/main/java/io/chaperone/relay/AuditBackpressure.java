package io.chaperone.relay;

import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Hands C2 records to the audit writer without ever dropping one: when the writer's buffer is full,
 * the record waits here and the connection that produced it stops being read (TCP backpressure)
 * until the writer has room again. Records of one connection stay in order, and so do the effects
 * ({@code then}) that must follow them, e.g. relaying a hub's result to the technician.
 */
@ApplicationScoped
public class AuditBackpressure {

    private static final TypedKey<Queue<Pending>> WAITING = new TypedKey<>("chaperone.auditWaiting");

    @Inject
    AuditWriter audit;

    /** Offers {@code record}; {@code then} runs once it is accepted. False when the connection was paused. */
    public boolean offer(WebSocketConnection connection, AuditRecord record, Runnable then) {
        synchronized (connection) {
            Queue<Pending> waiting = connection.userData().get(WAITING);
            if ((waiting == null || waiting.isEmpty()) && audit.offer(record)) {
                then.run();
                return true;
            }
            if (waiting == null) {
                waiting = new ArrayDeque<>();
                connection.userData().put(WAITING, waiting);
            }
            boolean first = waiting.isEmpty();
            waiting.add(new Pending(record, then));
            if (first) {
                SocketFlow.pause(connection);
                audit.whenWritable(() -> drain(connection));
            }
            return false;
        }
    }

    public boolean offer(WebSocketConnection connection, AuditRecord record) {
        return offer(connection, record, () -> { });
    }

    /** Whether records of this connection are waiting for room in the writer. */
    public boolean waiting(WebSocketConnection connection) {
        Queue<Pending> waiting = connection.userData().get(WAITING);
        return waiting != null && !waiting.isEmpty();
    }

    private void drain(WebSocketConnection connection) {
        synchronized (connection) {
            Queue<Pending> waiting = connection.userData().get(WAITING);
            while (waiting != null && !waiting.isEmpty()) {
                Pending next = waiting.peek();
                if (!audit.offer(next.record())) {
                    audit.whenWritable(() -> drain(connection));
                    return;
                }
                waiting.poll();
                next.then().run();
            }
            SocketFlow.resume(connection);
        }
    }

    private record Pending(AuditRecord record, Runnable then) {
    }
}
