package io.chaperone.load.summary;

import java.util.List;
import java.util.Locale;

/** Median and spread of a figure over the rounds of a matrix run. */
public record Stats(double median, double min, double max, int rounds) {

    /** null when {@code values} is empty. */
    public static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Stats(median, sorted.get(0), sorted.get(n - 1), n);
    }

    /** "0.64 (0.58..0.71)", or just the value for one round. */
    public String text() {
        return rounds == 1 ? format(median) : format(median) + " (" + format(min) + ".." + format(max) + ")";
    }

    /** Three significant digits for small values, whole numbers from 100 up. */
    static String format(double v) {
        double a = Math.abs(v);
        String pattern = a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, v);
    }
}
