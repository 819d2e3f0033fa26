package io.chaperone.audit;

import io.chaperone.support.DatabaseFaultResource;

import java.util.Map;

/**
 * The fault proxy in front of the audit writer's pool only ({@link ProxiedAuditDatabase}): latency or a cut there
 * slows or stops the audit trail while requests and the relay still reach the database directly.
 */
public class AuditPoolFaultResource extends DatabaseFaultResource {

    static final String URL = "chaperone.test.audit-pool-url";

    @Override
    protected Map<String, String> pointAt(String url) {
        return Map.of(URL, url);
    }
}
