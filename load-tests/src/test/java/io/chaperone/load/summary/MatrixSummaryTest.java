package io.chaperone.load.summary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The quick lane's verdict: ratios per round, median and spread, the noise margin's boundary, missing runs. */
class MatrixSummaryTest {

    private static final List<String> TABLE = List.of(
            "# comment",
            "",
            "closed-loop-01\t01-relay-no-checks\t00-bare-relay-{tls}\tclosedLoopPerSec\tratio\t>=\t0.8\t0.1\tyes\tclosed loop 01 / 00",
            "fixed-p99-03\t03-policy-and-audit\t00-bare-relay-{tls}\tfixedRate.p99Ms\tdelta\t<=\t3\t2\tyes\t5,000/s p99 03 − 00",
            "revocation-04\t04-revocation-storm\t-\trevokeToClose.p99Ms\tabsolute\t<=\t50\t10\tno\trevocation p99");

    @TempDir
    Path dir;

    @Test
    void shouldCompareEachRoundWithTheBareRelayOfTheSameRound() throws Exception {
        // round 1: 01 = 8,000 against 10,000 (0.8); round 2: 6,000 against 20,000 (0.3), not against round 1's 00
        result("r1-00-bare-relay-jdk", "\"closedLoopPerSec\": 10000");
        result("r1-01-relay-no-checks", "\"closedLoopPerSec\": 8000");
        result("r2-00-bare-relay-jdk", "\"closedLoopPerSec\": 20000");
        result("r2-01-relay-no-checks", "\"closedLoopPerSec\": 6000");
        result("r3-00-bare-relay-jdk", "\"closedLoopPerSec\": 10000");
        result("r3-01-relay-no-checks", "\"closedLoopPerSec\": 7000");

        MatrixSummary.Row row = rows("jdk", false).get(0);

        assertEquals(List.of(0.8, 0.3, 0.7), row.perRound().stream().map(v -> Math.round(v * 100) / 100.0).toList());
        assertEquals(0.7, row.stats().median(), 1e-9);
        assertEquals(0.3, row.stats().min(), 1e-9);
        assertEquals(0.8, row.stats().max(), 1e-9);
        assertEquals(Target.Verdict.MISSED_WITHIN_NOISE, row.verdict(), "0.7 is 0.1 (the noise) under 0.8");
    }

    @Test
    void shouldUseTheBareRelayOfTheGatewaysTransport() throws Exception {
        result("r1-00-bare-relay-jdk", "\"closedLoopPerSec\": 10000");
        result("r1-00-bare-relay-openssl", "\"closedLoopPerSec\": 20000");
        result("r1-01-relay-no-checks", "\"closedLoopPerSec\": 9000");

        assertEquals(0.9, rows("jdk", false).get(0).stats().median(), 1e-9);
        assertEquals(0.45, rows("openssl", false).get(0).stats().median(), 1e-9);
    }

    @Test
    void shouldPassARatioMissedByExactlyTheNoiseAndFailOneMissedByMore() {
        Target target = Target.parse(TABLE, "jdk").get(0); // >= 0.8, noise 0.1

        assertEquals(Target.Verdict.MET, target.judge(0.8));
        assertEquals(Target.Verdict.MISSED_WITHIN_NOISE, target.judge(0.7));
        assertEquals(Target.Verdict.MISSED, target.judge(0.6999));
    }

    @Test
    void shouldJudgeAnUpperBoundOnADelta() {
        Target target = Target.parse(TABLE, "jdk").get(1); // 03 - 00 <= 3 ms, noise 2

        assertEquals(4.5, target.value(5.0, 0.5), 1e-9);
        assertEquals(Target.Verdict.MET, target.judge(3.0));
        assertEquals(Target.Verdict.MISSED_WITHIN_NOISE, target.judge(5.0));
        assertEquals(Target.Verdict.MISSED, target.judge(5.01));
    }

    @Test
    void shouldFailTheQuickLaneNamingTheRatioThatFellBeyondItsNoise() throws Exception {
        result("r1-00-bare-relay-jdk", "\"closedLoopPerSec\": 10000, \"fixedRate.p99Ms\": 1.0");
        result("r1-01-relay-no-checks", "\"closedLoopPerSec\": 5000");
        result("r1-03-policy-and-audit", "\"fixedRate.p99Ms\": 3.5");

        List<String> failures = MatrixSummary.failures(rows("jdk", true));

        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).startsWith("closed-loop-01: closed loop 01 / 00 = 0.50, target ≥ 0.80×"), failures.get(0));
    }

    @Test
    void shouldFailTheQuickLaneWhenATargetWasNotMeasured() throws Exception {
        result("r1-00-bare-relay-jdk", "\"closedLoopPerSec\": 10000, \"fixedRate.p99Ms\": 1.0");
        result("r1-01-relay-no-checks", "\"closedLoopPerSec\": 9000");
        // 03 did not run

        List<MatrixSummary.Row> rows = rows("jdk", true);
        List<String> failures = MatrixSummary.failures(rows);

        assertEquals(2, rows.size(), "the quick lane judges only the targets marked yes");
        assertEquals(Target.Verdict.NOT_MEASURED, rows.get(1).verdict());
        assertNull(rows.get(1).stats());
        assertEquals(List.of("fixed-p99-03: 5,000/s p99 03 − 00 not measured (03-policy-and-audit or 00-bare-relay-jdk missing"
                + " or without fixedRate.p99Ms)"), failures);
    }

    @Test
    void shouldNotTakeAPercentileOfAnEmptyWindowForAMeasurement() throws Exception {
        // an overloaded machine: no answer of the fixed-rate phase arrived inside its window, the file says 0 ms
        result("r1-00-bare-relay-jdk", "\"fixedRate.count\": 0, \"fixedRate.p99Ms\": 0.0");
        result("r1-03-policy-and-audit", "\"fixedRate.count\": 100000, \"fixedRate.p99Ms\": 2.5");

        MatrixSummary.Row row = rows("jdk", false).get(1);

        assertEquals(Target.Verdict.NOT_MEASURED, row.verdict());
    }

    @Test
    void shouldJudgeAnAbsoluteTargetWithoutABaseline() throws Exception {
        result("r1-04-revocation-storm", "\"revokeToClose.p99Ms\": 59.0");
        result("r2-04-revocation-storm", "\"revokeToClose.p99Ms\": 61.0");
        result("r3-04-revocation-storm", "\"revokeToClose.p99Ms\": 57.0");

        MatrixSummary.Row row = rows("jdk", false).get(2); // <= 50, noise 10

        assertEquals(59.0, row.stats().median(), 1e-9);
        assertEquals(Target.Verdict.MISSED_WITHIN_NOISE, row.verdict());
        assertEquals(Target.Verdict.MISSED, row.target().judge(61.0));
    }

    @Test
    void shouldRefuseAMalformedTableLine() {
        assertThrows(IllegalArgumentException.class, () -> Target.parse(List.of("x\t01\t-\tm\tratio\t>=\t1\t0\tyes\tw"), "jdk"),
                "a ratio without a baseline");
        assertThrows(IllegalArgumentException.class, () -> Target.parse(List.of("x\t01\t00\tm\tratio\t>\t1\t0\tyes\tw"), "jdk"));
        assertThrows(IllegalArgumentException.class, () -> Target.parse(List.of("x\t01\t00\tm\tratio\t>="), "jdk"));
    }

    @Test
    void shouldReadTheProjectsOwnTargetTable() throws Exception {
        List<Target> targets = Target.parse(Files.readAllLines(Path.of("targets.tsv")), "openssl");

        assertEquals(List.of("closed-loop-01", "closed-loop-03", "fixed-p99-03", "fixed-p999-03", "idle-heap-05", "connects-05",
                "revocation-04", "revocation-frames-04"), targets.stream().map(Target::id).toList());
        assertEquals("00-bare-relay-openssl", targets.get(0).baseline());
        assertEquals("00-bare-idle-openssl", targets.get(4).baseline());
    }

    private List<MatrixSummary.Row> rows(String tls, boolean quickOnly) throws Exception {
        return MatrixSummary.load(dir, Target.parse(TABLE, tls), tls).rows(quickOnly);
    }

    private void result(String name, String fields) throws Exception {
        Files.writeString(dir.resolve(name + ".json"), "{" + fields + "}");
    }
}
