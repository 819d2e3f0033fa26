package io.chaperone.relay;

import io.chaperone.ops.BenchmarkGuard;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Which per-frame checks the relay runs: both, always, except in a benchmark that measures their cost
 * (chaperone.relay.benchmark.*). Read once at construction into final fields, so the frame path pays a
 * field read, not a config lookup. The gateway refuses to start outside demo/dev/test with either check off.
 */
@ApplicationScoped
public class RelayChecks {

    private static final Logger LOG = Logger.getLogger(RelayChecks.class);

    private final boolean policy;
    private final boolean audit;

    @Inject
    public RelayChecks(RelayConfig config) {
        this.policy = config.benchmark().policyEnabled();
        this.audit = config.benchmark().auditEnabled();
    }

    /** Whether commands pass the frame policy and hub output is redacted. */
    public boolean policy() {
        return policy;
    }

    /** Whether relayed frames are audited (C1 before a command is forwarded, C2 for hub output). */
    public boolean audit() {
        return audit;
    }

    void onStart(@Observes StartupEvent event) {
        check(ConfigUtils.getProfiles(), policy, audit);
        if (!policy || !audit) {
            LOG.warnf("BENCHMARK MODE: relay policy %s, audit %s (code=relay.benchmark_mode)",
                    policy ? "on" : "OFF", audit ? "on" : "OFF");
        }
    }

    static void check(List<String> profiles, boolean policy, boolean audit) {
        BenchmarkGuard.refuseOutsideDevelopment(profiles, policy && audit, "chaperone.relay.benchmark.*");
    }
}
