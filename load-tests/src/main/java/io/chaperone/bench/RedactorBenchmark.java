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

/** Redaction of a small hub result (a Wi-Fi config read) and of a log chunk, per the resident's reveal set. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class RedactorBenchmark {

    private final Redactor redactor = Redactor.revealing(Set.of(DataClass.NETWORK));
    private JsonNode taggedResult;
    private JsonNode plainResult;
    private String logChunk;

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
}
