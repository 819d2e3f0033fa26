package io.chaperone.load.summary;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code load-tests/targets.tsv}: a figure of a gateway scenario compared with the same figure of the bare
 * relay in the same round ({@code ratio}: gateway ÷ 00, {@code delta}: gateway − 00) or on its own ({@code absolute}),
 * against a bound. {@code noise} is in the unit of the comparison: a value past the bound by no more than it is
 * "missed within noise", which does not fail the quick lane.
 */
public record Target(String id, String scenario, String baseline, String metric, Kind kind, boolean atLeast,
                     double bound, double noise, boolean quick, String what) {

    public enum Kind { RATIO, DELTA, ABSOLUTE }

    public enum Verdict { MET, MISSED_WITHIN_NOISE, MISSED, NOT_MEASURED }

    public Target {
        if (kind != Kind.ABSOLUTE && baseline == null) {
            throw new IllegalArgumentException(id + ": a " + kind + " needs a baseline scenario");
        }
        if (noise < 0) {
            throw new IllegalArgumentException(id + ": noise must not be negative");
        }
    }

    /**
     * The table's lines (tab-separated: id, scenario, baseline or -, metric, ratio|delta|absolute, >=|<=, bound, noise,
     * yes|no for the quick lane, what); {@code #} lines and blank lines are skipped. {@code {tls}} in a baseline becomes
     * the gateway's hub-leg engine, so the gateway is compared with the bare relay on the same transport.
     */
    public static List<Target> parse(List<String> lines, String tls) {
        List<Target> targets = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 10) {
                throw new IllegalArgumentException("targets.tsv: expected 10 tab-separated fields, got " + f.length + ": " + line);
            }
            if (!f[5].equals(">=") && !f[5].equals("<=")) {
                throw new IllegalArgumentException("targets.tsv: the operator must be >= or <=, not " + f[5]);
            }
            targets.add(new Target(f[0], f[1], f[2].equals("-") ? null : f[2].replace("{tls}", tls), f[3],
                    Kind.valueOf(f[4].toUpperCase()), f[5].equals(">="), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
                    f[8].equals("yes"), f[9]));
        }
        return targets;
    }

    /** The compared value of one round: gateway's figure against the baseline's of the same round; null if either is missing. */
    public Double value(Double gateway, Double baselineFigure) {
        if (gateway == null || (kind != Kind.ABSOLUTE && baselineFigure == null)) {
            return null;
        }
        return switch (kind) {
            case RATIO -> baselineFigure == 0 ? null : gateway / baselineFigure;
            case DELTA -> gateway - baselineFigure;
            case ABSOLUTE -> gateway;
        };
    }

    /** How {@code value} (the median over the rounds; null: not measured) stands against the bound and the noise. */
    public Verdict judge(Double value) {
        if (value == null || value.isNaN()) {
            return Verdict.NOT_MEASURED;
        }
        // 1e-9: a ratio printed as 0.70 against 0.8 − 0.1 must not fail on the last bit of a double
        if (atLeast ? value >= bound - 1e-9 : value <= bound + 1e-9) {
            return Verdict.MET;
        }
        return (atLeast ? value >= bound - noise - 1e-9 : value <= bound + noise + 1e-9)
                ? Verdict.MISSED_WITHIN_NOISE : Verdict.MISSED;
    }

    /** "≥ 0.8×", "≤ 00 + 3 ms", "≤ 50": the bound as the docs write it. */
    public String boundText() {
        String op = atLeast ? "≥ " : "≤ ";
        return switch (kind) {
            case RATIO -> op + Stats.format(bound) + "×";
            case DELTA -> op + "00 + " + Stats.format(bound);
            case ABSOLUTE -> op + Stats.format(bound);
        };
    }
}
