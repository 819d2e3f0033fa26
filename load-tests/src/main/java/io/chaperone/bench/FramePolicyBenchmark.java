package io.chaperone.bench;

import io.chaperone.policy.DataClass;
import io.chaperone.policy.Decision;
import io.chaperone.policy.FramePolicy;
import io.chaperone.policy.Operation;
import io.chaperone.policy.RateLimit;
import io.chaperone.policy.Scope;
import io.chaperone.policy.SessionGrant;
import io.chaperone.policy.TokenBucket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The per-frame decision of ARCHITECTURE §6 on a realistic grant (a dozen devices, three grants).
 * Device names are fresh String objects, as they would be after parsing a frame, so the map lookup
 * pays for hashing like in production.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class FramePolicyBenchmark {

    private static final Instant END = Instant.parse("2030-01-01T00:00:00Z");

    private SessionGrant grant;
    private TokenBucket bucket;
    private long validMillis;
    private long expiredMillis;
    private long nanos;
    private long nanosStep;
    private String permittedDevice;
    private String otherDevice;

    @Setup
    public void setUp() {
        grant = SessionGrant.compile(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                new Scope(3, List.of(
                        new Scope.Grant(Set.of("thermostat-1", "thermostat-2", "light-1", "light-2", "light-3"),
                                Set.of(Operation.DIAG_READ, Operation.CONFIG_READ, Operation.LOGS_READ)),
                        new Scope.Grant(Set.of("thermostat-1", "wifi-1"), Set.of(Operation.CONFIG_WRITE)),
                        new Scope.Grant(Set.of("wifi-1", "camera-1", "lock-1", "lock-2", "plug-1", "plug-2", "hub"),
                                Set.of(Operation.NET_TEST, Operation.DIAG_READ)))),
                END, Set.of(DataClass.NETWORK), RateLimit.forExpectedRate(30), new byte[32]);
        bucket = grant.newBucket(0);
        validMillis = END.toEpochMilli() - 60_000;
        expiredMillis = END.toEpochMilli();
        // advance the bucket's clock by one refill interval per call, so the allow path stays allowed
        nanosStep = grant.rate().nanosPerCommand();
        permittedDevice = new String("wifi-1".toCharArray());
        otherDevice = new String("garage-door-1".toCharArray());
    }

    @Benchmark
    public Decision allow() {
        nanos += nanosStep;
        return FramePolicy.judge(grant, true, validMillis, permittedDevice, Operation.CONFIG_WRITE, true, bucket, nanos);
    }

    @Benchmark
    public Decision denyOutOfScope() {
        return FramePolicy.judge(grant, true, validMillis, otherDevice, Operation.CONFIG_WRITE, true, bucket, nanos);
    }

    @Benchmark
    public Decision denyExpired() {
        return FramePolicy.judge(grant, true, expiredMillis, permittedDevice, Operation.CONFIG_WRITE, true, bucket,
                nanos);
    }
}
