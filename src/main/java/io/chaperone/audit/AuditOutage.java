package io.chaperone.audit;

import java.time.Instant;

/**
 * CDI event: the audit database has not committed for longer than {@code chaperone.audit.outage-after}
 * ({@code down = true}, {@code since} = when the first failing attempt started), or commits again
 * ({@code down = false}, {@code since} = when it recovered). Fired synchronously on the writer's event
 * loop: observers must not block (the relay closes sockets with 4005 and refuses upgrades with 503).
 */
public record AuditOutage(boolean down, Instant since) {
}
