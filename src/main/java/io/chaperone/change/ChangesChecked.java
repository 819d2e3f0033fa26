package io.chaperone.change;

import java.util.UUID;

/** Fired when what a session's config changes say changed (read back at its end, re-checked, rolled back). */
public record ChangesChecked(UUID sessionId) {
}
