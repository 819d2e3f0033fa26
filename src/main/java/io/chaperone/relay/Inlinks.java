package io.chaperone.relay;

import io.chaperone.cluster.ClusterMessage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The receiving end of {@link Outlink}s on one subscription: per link the last sequence number taken and, once it
 * was handled, its answer. A redelivery (the reply was lost, or slower than the sender's attempt) is answered with
 * that same answer and never handled twice; one still being handled is not answered yet (the sender tries again).
 * Used on one event loop only.
 */
final class Inlinks {

    private static final int MAX_LINKS = 4096;

    /** What to do with a message. */
    enum Arrival { NEW, REDELIVERED, STILL_RUNNING }

    private static final class Last {
        long seq;
        String answer;
    }

    private final Map<String, Last> links = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Last> eldest) {
            return size() > MAX_LINKS;
        }
    };

    /** NEW the first time this (link, seq) arrives (and for a message of no link). */
    Arrival arrive(ClusterMessage message) {
        String link = message.header("l");
        String seq = message.header("q");
        if (link == null || seq == null) {
            return Arrival.NEW;
        }
        long n = Long.parseLong(seq);
        Last last = links.get(link);
        if (last != null && n <= last.seq) {
            return n == last.seq && last.answer == null ? Arrival.STILL_RUNNING : Arrival.REDELIVERED;
        }
        if (last == null) {
            last = new Last();
            links.put(link, last);
        }
        last.seq = n;
        last.answer = null;
        return Arrival.NEW;
    }

    /** The answer of the message just handled, repeated to a redelivery. */
    void answered(ClusterMessage message, String answer) {
        String link = message.header("l");
        Last last = link == null ? null : links.get(link);
        if (last != null && Long.toString(last.seq).equals(message.header("q"))) {
            last.answer = answer;
        }
    }

    /** The answer given to this message's (link, seq), or "ok" for an older one the sender has moved past. */
    String answerOf(ClusterMessage message) {
        Last last = links.get(message.header("l"));
        return last != null && Long.toString(last.seq).equals(message.header("q")) && last.answer != null ? last.answer : "ok";
    }
}
