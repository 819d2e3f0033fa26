package io.chaperone.cluster;

import io.nats.client.Message;
import io.nats.client.impl.Headers;

/**
 * A message received from the bus. Wraps the client's message without copying (it is on the cross-node frame path);
 * {@link #data()} is the received array itself, do not modify it.
 */
public final class ClusterMessage {

    private final Message message;
    private final long receivedNanos;

    ClusterMessage(Message message, long receivedNanos) {
        this.message = message;
        this.receivedNanos = receivedNanos;
    }

    /** When the client's dispatcher handed it over ({@link System#nanoTime()}), before the hop to an event loop. */
    public long receivedNanos() {
        return receivedNanos;
    }

    public String subject() {
        return message.getSubject();
    }

    /** The reply subject of a request, or null. */
    public String replyTo() {
        return message.getReplyTo();
    }

    public byte[] data() {
        byte[] data = message.getData();
        return data == null ? new byte[0] : data;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        Headers headers = message.getHeaders();
        return headers == null ? null : headers.getFirst(name);
    }
}
