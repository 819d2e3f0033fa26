package io.chaperone.load;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gateway's own view of a measured phase: the histogram buckets of its timers (Prometheus text on the management
 * port) read before and after, so the generator can put the gateway's revocation meters beside what it saw itself.
 * A percentile here is the upper bound of the bucket it falls in (Micrometer's percentile histogram).
 */
final class GatewayTimers {

    private final URI metrics;
    private final String[] names;
    private Map<String, Double> before = Map.of();

    /** {@code names}: timer series without suffix, e.g. {@code chaperone_revocation_close_seconds}. */
    GatewayTimers(int managementPort, String... names) {
        this.metrics = URI.create("http://127.0.0.1:" + managementPort + "/q/metrics");
        this.names = names;
    }

    void start() {
        before = scrape();
    }

    /** Per series and tag set: count, p50/p99 (bucket bounds, ms) and the mean, of what happened since {@link #start}. */
    ObjectNode report(ObjectNode into, String prefix) {
        Map<String, Double> after = scrape();
        for (String name : names) {
            Map<String, TreeMap<Double, Double>> buckets = new TreeMap<>();
            Map<String, Double> sums = new TreeMap<>();
            after.forEach((key, value) -> {
                double delta = value - before.getOrDefault(key, 0.0);
                if (key.startsWith(name + "_bucket{")) {
                    String tags = key.substring(key.indexOf('{') + 1, key.lastIndexOf(",le=\""));
                    double le = Double.parseDouble(key.substring(key.lastIndexOf("le=\"") + 4, key.lastIndexOf('"'))
                            .replace("+Inf", "Infinity"));
                    buckets.computeIfAbsent(tags, t -> new TreeMap<>()).put(le, delta);
                } else if (key.startsWith(name + "_sum{")) {
                    sums.put(key.substring(key.indexOf('{') + 1, key.lastIndexOf('}')), delta);
                }
            });
            String label = name.replace("chaperone_", "").replace("_seconds", "");
            buckets.forEach((tags, cumulative) -> {
                double count = cumulative.lastEntry().getValue();
                if (count <= 0) {
                    return;
                }
                String key = prefix + label + "." + tags.replaceAll("[a-z]+=\"([a-z]+)\"", "$1") + ".";
                into.put(key + "count", (long) count);
                into.put(key + "p50Ms", quantile(cumulative, count, 0.5));
                into.put(key + "p99Ms", quantile(cumulative, count, 0.99));
                into.put(key + "meanMs", Math.round(sums.getOrDefault(tags, 0.0) / count * 1e6) / 1e3);
            });
        }
        return into;
    }

    private static double quantile(TreeMap<Double, Double> cumulative, double count, double q) {
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= q * count) {
                return bucket.getKey().isInfinite() ? -1 : Math.round(bucket.getKey() * 1e6) / 1e3;
            }
        }
        return -1;
    }

    private Map<String, Double> scrape() {
        Map<String, Double> values = new TreeMap<>();
        try {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            text.lines().filter(l -> !l.startsWith("#")).forEach(line -> {
                for (String name : names) {
                    if (line.startsWith(name + "_")) {
                        int space = line.lastIndexOf(' ');
                        values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                    }
                }
            });
        } catch (java.io.IOException e) {
            // No management port answering: nothing to put beside (an older gateway simply has no such series).
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return values;
    }
}
