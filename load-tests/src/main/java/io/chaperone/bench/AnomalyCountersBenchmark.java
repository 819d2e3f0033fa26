package io.chaperone.bench;

import io.chaperone.anomaly.rules.Flag;
import io.chaperone.anomaly.rules.SessionSignals;
import io.chaperone.anomaly.rules.Thresholds;
import io.chaperone.policy.Operation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The anomaly counters on the frame path (docs/anomaly.md): what one technician command costs the rules, allowed
 * (rate window, security-device and escalation checks) and denied (the denial ring). Time advances 1 s per command so
 * no rule trips in steady state, which is the common case; a tripped rule allocates one Flag and is rare.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class AnomalyCountersBenchmark {

    private static final Thresholds THRESHOLDS = new Thresholds(1.5, 3, 6, 30_000, 120_000,
            Set.of("lock", "camera", "alarm"), 0, 0);

    private SessionSignals allowed;
    private SessionSignals denied;
    private long now;

    @Setup
    public void setUp() {
        allowed = new SessionSignals(THRESHOLDS, 1_000_000);
        denied = new SessionSignals(THRESHOLDS, 1_000_000);
        now = 1_000_000_000L;
    }

    @Benchmark
    public Flag allowedCommand() {
        now += 1;
        return allowed.command(now, false, Operation.DIAG_READ, "thermostat", 12);
    }

    @Benchmark
    public Flag deniedCommand() {
        now += 60_000; // one denial a minute: never a burst
        return denied.command(now, true, Operation.CONFIG_WRITE, "thermostat", 12);
    }
}
