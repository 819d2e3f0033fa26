package io.chaperone.privacy;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Seals values that belong to a session outside the audit table (config changes' before and after) exactly like
 * audit details: under the session's key, bound to the session and a {@code purpose} (the AAD), so shredding or
 * erasing the session's key makes them unreadable too. Opening goes through {@link AuditDetails}.
 */
@ApplicationScoped
public class ValueSealing {

    @Inject
    DataKeys keys;
    @Inject
    AuditDetails details;

    /** The sealed texts, in order; a null text stays null; empty when the session's key is gone (erased). */
    public Uni<Optional<List<String>>> seal(UUID sessionId, UUID homeId, String purpose, List<String> texts) {
        return keys.forSealing(Map.of(sessionId, homeId)).map(targets -> {
            DataKeys.Target target = targets.get(sessionId);
            if (target == null || target.key().isEmpty()) {
                return Optional.empty();
            }
            List<String> sealed = new ArrayList<>(texts.size());
            for (String text : texts) {
                sealed.add(text == null ? null : SealedText.seal(target.ref(), target.key().get(), sessionId, purpose, text));
            }
            return Optional.of(sealed);
        });
    }

    /** The opened texts, in order; empty for a value that is null, erased or unreadable. */
    public Uni<List<Optional<String>>> open(UUID sessionId, String purpose, List<String> sealed) {
        return details.open(sealed.stream().map(s -> new AuditDetails.Stored(sessionId, purpose, s)).toList())
                .map(opened -> opened.stream().map(o -> o.state() == AuditDetails.State.CLEAR
                        ? Optional.of(o.json()) : Optional.<String>empty()).toList());
    }
}
