package io.chaperone.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaperone.policy.DataClass;
import io.chaperone.policy.Redactor;
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
 * Redaction of a small hub result (a Wi-Fi config read), of a log chunk, and of an adversarial 64 KiB chunk (an
 * unclosed array up front, then ~1,800 small tags: quadratic before ADR 0006, linear since), per the resident's
 * reveal set and under a session's marker key.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class RedactorBenchmark {

    private final Redactor redactor = Redactor.revealing(Set.of(DataClass.NETWORK), new byte[32]);
    private JsonNode taggedResult;
    private JsonNode plainResult;
    private String logChunk;
    private String adversarialChunk;

    @Setup
    public void setUp() throws Exception {
        ObjectMapper json = new ObjectMapper();
        taggedResult = json.readTree("""
                {"ssid":"home-net","band":"5GHz","channel":36,
                 "psk":{"$sensitive":"secret","value":"correct-horse-battery"},
                 "clients":[{"$sensitive":"network","value":"3c:22:fb:01:02:03"},
                            {"$sensitive":"network","value":"3c:22:fb:0a:0b:0c"}]}""");
        plainResult = json.readTree("{\"setpoint\":21.5,\"mode\":\"heat\",\"temperature\":20.4,\"humidity\":41}");
        logChunk = "2026-03-01T12:00:01Z lock-1 unlocked by {\"$sensitive\":\"personal\",\"value\":\"Ann\"}\n";
        StringBuilder chunk = new StringBuilder(64 * 1024 + 64).append('[');
        while (chunk.length() < 64 * 1024) {
            chunk.append("{\"$sensitive\":\"secret\",\"value\":\"").append(chunk.length() % 10_000).append("\"},");
        }
        adversarialChunk = chunk.toString();
    }

    @Benchmark
    public JsonNode redactTaggedResult() {
        return redactor.redact(taggedResult);
    }

    @Benchmark
    public JsonNode redactUntaggedResult() {
        return redactor.redact(plainResult);
    }

    @Benchmark
    public String redactLogChunk() {
        return redactor.redactChunk(logChunk);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public String redactAdversarial64KiBChunk() {
        return redactor.redactChunk(adversarialChunk);
    }
}
