package io.chaperone.relay;

import io.chaperone.cluster.ClusterBus;
import io.chaperone.cluster.ClusterException;
import io.vertx.core.Context;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One ordered, reliable stream of messages from this node to one subject (a hub's node, a session's node), over
 * NATS request/reply: one message in flight at a time, each retried until the receiver answers (NATS down,
 * restarting, a reply lost), each carrying this link's id and a sequence number so the receiver drops a
 * redelivery ({@link Inlinks}). Order is the order of {@link #send}; nothing is delivered twice. Runs on one Vert.x
 * context; {@link #send} may be called from any thread.
 */
final class Outlink {

    /** What the receiver said; {@link #GONE} when nobody listens on the subject any more (or the link gave up). */
    static final String GONE = "gone";
    private static final long RETRY_MILLIS = 50;

    private final ClusterBus bus;
    private final Context context;
    private final String subject;
    private final String linkId;
    private final Duration attemptTimeout;
    private final long giveUpMillis;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private long nextSeq = 1;
    private boolean inFlight;
    private boolean closed;

    private record Pending(long seq, String kind, byte[] data, Consumer<String> onReply, long firstTry) {
    }

    Outlink(ClusterBus bus, Context context, String subject, String linkId, Duration attemptTimeout, Duration giveUpAfter) {
        this.bus = bus;
        this.context = context;
        this.subject = subject;
        this.linkId = linkId;
        this.attemptTimeout = attemptTimeout;
        this.giveUpMillis = giveUpAfter.toMillis();
    }

    /** Queues a message; {@code onReply} (may be null) gets the receiver's answer, or {@link #GONE}, on this link's context. */
    void send(String kind, byte[] data, Consumer<String> onReply) {
        context.runOnContext(v -> {
            if (closed) {
                reply(onReply, GONE);
                return;
            }
            queue.add(new Pending(nextSeq++, kind, data, onReply, 0));
            pump();
        });
    }

    /** Drops what was not yet delivered (each told {@link #GONE}); later sends are refused. */
    void close() {
        context.runOnContext(v -> {
            closed = true;
            Pending p;
            while ((p = queue.poll()) != null) {
                reply(p.onReply(), GONE);
            }
        });
    }

    int queued() {
        return queue.size();
    }

    private void pump() {
        if (inFlight || queue.isEmpty()) {
            return;
        }
        Pending head = queue.peek();
        long now = System.currentTimeMillis();
        if (head.firstTry() == 0) {
            queue.poll();
            head = new Pending(head.seq(), head.kind(), head.data(), head.onReply(), now);
            queue.addFirst(head);
        }
        inFlight = true;
        Pending sent = head;
        try {
            bus.request(subject, Map.of("k", sent.kind(), "l", linkId, "q", Long.toString(sent.seq())), sent.data(),
                    attemptTimeout).subscribe().with(
                    reply -> context.runOnContext(v -> delivered(sent, reply.header("r"))),
                    failure -> context.runOnContext(v -> failed(sent, failure)));
        } catch (ClusterException e) {
            context.runOnContext(v -> failed(sent, e));
        }
    }

    private void delivered(Pending sent, String answer) {
        inFlight = false;
        if (queue.peek() == sent) {
            queue.poll();
            reply(sent.onReply(), answer == null ? "ok" : answer);
        }
        pump();
    }

    private void failed(Pending sent, Throwable failure) {
        inFlight = false;
        if (queue.peek() != sent) {
            pump();
            return;
        }
        // No responder may be a receiver resubscribing right after NATS came back: retried like a timeout, but
        // only until the give-up bound; a receiver that never comes back is gone.
        if (System.currentTimeMillis() - sent.firstTry() >= giveUpMillis) {
            queue.poll();
            reply(sent.onReply(), GONE);
            pump();
            return;
        }
        boolean quick = failure instanceof ClusterException ce && ce.code() == ClusterException.Code.TIMEOUT;
        context.owner().setTimer(quick ? 1 : RETRY_MILLIS, id -> pump());
    }

    private static void reply(Consumer<String> onReply, String answer) {
        if (onReply != null) {
            onReply.accept(answer);
        }
    }
}
