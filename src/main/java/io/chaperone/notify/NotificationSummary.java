package io.chaperone.notify;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What a notification says: a plain-language title and a few short facts (e.g. "technician": "Tom, Acme"). It travels
 * to webhooks and e-mail, so callers put only what a resident may read anywhere: never a secret, token or payload.
 * Facts are bounded (count and length) so a caller cannot turn a notification into a data channel.
 *
 * @param sessionId the session it is about, or null
 */
public record NotificationSummary(String title, UUID sessionId, Map<String, String> facts) {

    public static final int MAX_FACTS = 12;
    public static final int MAX_TEXT = 200;

    public NotificationSummary {
        Objects.requireNonNull(title, "title");
        if (title.isBlank() || title.length() > MAX_TEXT) {
            throw new IllegalArgumentException("title must be 1.." + MAX_TEXT + " characters");
        }
        facts = facts == null ? Map.of() : facts;
        if (facts.size() > MAX_FACTS) {
            throw new IllegalArgumentException("at most " + MAX_FACTS + " facts");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        facts.forEach((k, v) -> {
            if (k == null || v == null || k.length() > 40 || v.length() > MAX_TEXT) {
                throw new IllegalArgumentException("facts are short, non-null strings");
            }
            copy.put(k, v);
        });
        facts = Collections.unmodifiableMap(copy);
    }

    public static NotificationSummary of(String title, UUID sessionId) {
        return new NotificationSummary(title, sessionId, Map.of());
    }
}
