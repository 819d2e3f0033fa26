package io.chaperone.load.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The summary of an interleaved matrix run ({@code load-tests/run-all.sh --interleaved} or {@code --quick}): reads the
 * result files {@code r<round>-<scenario>.json} of one directory, compares every gateway figure with the bare relay's
 * (scenario 00) of the SAME round and transport, gives the median and the spread (min..max) across rounds, and judges
 * each line of {@code targets.tsv}.
 * <pre>
 * java -cp load-tests/target/benchmarks.jar io.chaperone.load.summary.MatrixSummary DIR load-tests/targets.tsv \
 *      [--tls jdk|openssl|plaintext] [--quick]
 * </pre>
 * Writes {@code DIR/summary.md} and prints it. {@code --quick} judges only the quick lane's targets and exits 1 when one
 * of them is missed by more than its noise margin or was not measured, naming it; without it the exit status is 0.
 */
public final class MatrixSummary {

    private static final Pattern RESULT = Pattern.compile("r(\\d+)-(.+)\\.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The figures the per-scenario table shows, each with the bare relay's as the reference. */
    private static final List<String> FIGURES = List.of("closedLoopPerSec", "closedLoop.p99Ms", "closedLoop.cpuMicrosPerCommand",
            "fixedRate.p50Ms", "fixedRate.p99Ms", "fixedRate.p999Ms", "fixedRateAnsweredPerSec", "fixedRate.cpuMicrosPerCommand",
            "heapPerHubBytes", "rssPerHubBytes", "connectsPerSec");

    private final SortedMap<Integer, Map<String, JsonNode>> rounds;
    private final List<Target> targets;
    private final String tls;

    /** One target judged: the value of each round that measured both sides, their median and spread, the verdict. */
    public record Row(Target target, List<Double> perRound, Stats stats, Target.Verdict verdict) {
    }

    public MatrixSummary(SortedMap<Integer, Map<String, JsonNode>> rounds, List<Target> targets, String tls) {
        this.rounds = rounds;
        this.targets = targets;
        this.tls = tls;
    }

    public static MatrixSummary load(Path dir, List<Target> targets, String tls) throws IOException {
        SortedMap<Integer, Map<String, JsonNode>> rounds = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                Matcher m = RESULT.matcher(file.getFileName().toString());
                if (m.matches()) {
                    rounds.computeIfAbsent(Integer.parseInt(m.group(1)), r -> new TreeMap<>())
                            .put(m.group(2), JSON.readTree(file.toFile()));
                }
            }
        }
        return new MatrixSummary(rounds, targets, tls);
    }

    public List<Row> rows(boolean quickOnly) {
        List<Row> rows = new ArrayList<>();
        for (Target t : targets) {
            if (quickOnly && !t.quick()) {
                continue;
            }
            List<Double> values = new ArrayList<>();
            for (Map<String, JsonNode> round : rounds.values()) {
                Double v = t.value(figure(round.get(t.scenario()), t.metric()),
                        t.baseline() == null ? null : figure(round.get(t.baseline()), t.metric()));
                if (v != null) {
                    values.add(v);
                }
            }
            Stats stats = Stats.of(values);
            rows.add(new Row(t, values, stats, t.judge(stats == null ? null : stats.median())));
        }
        return rows;
    }

    /** What fails the quick lane: each target missed by more than its noise, or not measured, with the value and why. */
    public static List<String> failures(List<Row> rows) {
        List<String> out = new ArrayList<>();
        for (Row r : rows) {
            Target t = r.target();
            switch (r.verdict()) {
                case MISSED -> out.add(t.id() + ": " + t.what() + " = " + r.stats().text() + ", target " + t.boundText()
                        + ", beyond the noise margin " + Stats.format(t.noise()));
                case NOT_MEASURED -> out.add(t.id() + ": " + t.what() + " not measured (" + t.scenario()
                        + (t.baseline() == null ? "" : " or " + t.baseline()) + " missing or without " + t.metric() + ")");
                default -> { }
            }
        }
        return out;
    }

    public String markdown(boolean quickOnly) {
        StringBuilder md = new StringBuilder();
        md.append("| target | measured (median, min..max over ").append(rounds.size()).append(" rounds) | target | noise | verdict |\n");
        md.append("|---|---|---|---|---|\n");
        for (Row r : rows(quickOnly)) {
            md.append("| ").append(r.target().id()).append(": ").append(r.target().what()).append(" | ")
                    .append(r.stats() == null ? "—" : r.stats().text()).append(" | ").append(r.target().boundText())
                    .append(" | ").append(Stats.format(r.target().noise())).append(" | ")
                    .append(r.verdict().name().toLowerCase().replace('_', ' ')).append(" |\n");
        }
        md.append("\nEvery figure as a ratio to the bare relay (00) of the same round; gateway hub leg: ").append(tls)
                .append(". Per round: ratio [gateway value / 00 value].\n\n");
        md.append("| scenario | figure | ratio median (min..max) | per round |\n|---|---|---|---|\n");
        for (String scenario : scenarios()) {
            String baseline = baselineOf(scenario);
            if (scenario.equals(baseline)) {
                baseline = null; // the yardstick itself: its values, no ratio to itself
            }
            for (String metric : FIGURES) {
                List<Double> ratios = new ArrayList<>();
                StringBuilder perRound = new StringBuilder();
                for (var round : rounds.entrySet()) {
                    Double g = figure(round.getValue().get(scenario), metric);
                    Double b = baseline == null ? null : figure(round.getValue().get(baseline), metric);
                    if (g == null) {
                        continue;
                    }
                    perRound.append(perRound.isEmpty() ? "" : "; ").append("r").append(round.getKey()).append(' ');
                    if (b != null && b != 0) {
                        ratios.add(g / b);
                        perRound.append(Stats.format(g / b)).append(" [").append(Stats.format(g)).append(" / ")
                                .append(Stats.format(b)).append(']');
                    } else {
                        perRound.append(Stats.format(g));
                    }
                }
                if (!perRound.isEmpty()) {
                    Stats s = Stats.of(ratios);
                    md.append("| ").append(scenario).append(" | ").append(metric).append(" | ")
                            .append(s == null ? "—" : s.text()).append(" | ").append(perRound).append(" |\n");
                }
            }
        }
        md.append("\nLoad average (1 min) at the start and end of each run:\n\n| round | scenario | load |\n|---|---|---|\n");
        rounds.forEach((round, results) -> results.forEach((scenario, result) -> md.append("| ").append(round).append(" | ")
                .append(scenario).append(" | ").append(Stats.format(number(result, "loadAverageAtStart"))).append(" → ")
                .append(Stats.format(number(result, "loadAverageAtEnd"))).append(" |\n")));
        return md.toString();
    }

    /** The 00 scenario a gateway scenario is compared with: same transport, relay or idle hubs; null for none. */
    String baselineOf(String scenario) {
        if (scenario.startsWith("00-")) {
            return scenario.startsWith("00-bare-idle-") ? null : "00-bare-relay-" + tls;
        }
        return scenario.startsWith("05-") ? "00-bare-idle-" + tls : scenario.matches("0[1-3]-.*") ? "00-bare-relay-" + tls : null;
    }

    private List<String> scenarios() {
        return rounds.values().stream().flatMap(r -> r.keySet().stream()).distinct().sorted().toList();
    }

    /** A figure of a result; null when absent, or when it is a percentile of a window in which nothing arrived. */
    private static Double figure(JsonNode result, String metric) {
        if (result == null || !result.hasNonNull(metric) || !result.get(metric).isNumber()) {
            return null;
        }
        int dot = metric.indexOf('.');
        if (dot > 0 && metric.endsWith("Ms") && result.path(metric.substring(0, dot) + ".count").asLong(-1) == 0) {
            return null;
        }
        return result.get(metric).asDouble();
    }

    private static double number(JsonNode result, String field) {
        Double v = figure(result, field);
        return v == null ? Double.NaN : v;
    }

    public static void main(String[] argv) throws IOException {
        Path dir = Path.of(argv[0]);
        List<Target> targets = Target.parse(Files.readAllLines(Path.of(argv[1])), option(argv, "--tls", "jdk"));
        boolean quick = List.of(argv).contains("--quick");
        MatrixSummary summary = load(dir, targets, option(argv, "--tls", "jdk"));
        String md = summary.markdown(quick);
        Files.writeString(dir.resolve("summary.md"), md);
        System.out.println(md);
        if (quick) {
            List<String> failures = failures(summary.rows(true));
            failures.forEach(f -> System.out.println("FAILED " + f));
            if (!failures.isEmpty()) {
                System.exit(1);
            }
            System.out.println("quick lane: every ratio within its target or its noise margin");
        }
    }

    private static String option(String[] argv, String name, String fallback) {
        for (int i = 0; i + 1 < argv.length; i++) {
            if (argv[i].equals(name)) {
                return argv[i + 1];
            }
        }
        return fallback;
    }
}
