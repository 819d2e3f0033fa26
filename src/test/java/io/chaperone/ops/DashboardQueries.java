package io.chaperone.ops;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PromQL of a Grafana dashboard and the Chaperone meters it refers to. */
final class DashboardQueries {

    /** Prometheus names of the gateway's own meters (io.chaperone.ops), as the brief lists them. */
    static final Set<String> GAUGES_AND_COUNTERS = Set.of(
            "chaperone_sessions_active", "chaperone_hubs_connected", "chaperone_frames_total",
            "chaperone_frames_denied_total", "chaperone_audit_queue_depth", "chaperone_ws_closed_total");
    static final Set<String> HISTOGRAMS = Set.of(
            "chaperone_frame_latency_seconds", "chaperone_revocation_close_seconds",
            "chaperone_revocation_announce_seconds",
            "chaperone_expiry_lateness_seconds");
    /** Series Micrometer derives from a histogram timer. */
    private static final List<String> HISTOGRAM_SUFFIXES = List.of("_bucket", "_count", "_sum", "_max");

    private static final Pattern CHAPERONE_METRIC = Pattern.compile("\\bchaperone_[a-z0-9_]+");

    private DashboardQueries() {
    }

    /** Every {@code expr} of every panel target, nested rows included. */
    static List<String> expressions(JsonNode dashboard) {
        List<String> exprs = new ArrayList<>();
        collect(dashboard.path("panels"), exprs);
        return exprs;
    }

    private static void collect(JsonNode panels, List<String> exprs) {
        for (JsonNode panel : panels) {
            panel.path("targets").forEach(t -> {
                if (t.hasNonNull("expr")) {
                    exprs.add(t.get("expr").asText());
                }
            });
            collect(panel.path("panels"), exprs);
        }
    }

    /** The chaperone_* series names an expression reads, e.g. chaperone_frame_latency_seconds_bucket. */
    static Set<String> chaperoneSeries(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = CHAPERONE_METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /** The meter a series belongs to, or null when it is none of the known meters or their series. */
    static String meterOf(String series) {
        if (GAUGES_AND_COUNTERS.contains(series)) {
            return series;
        }
        for (String suffix : HISTOGRAM_SUFFIXES) {
            if (series.endsWith(suffix)) {
                String base = series.substring(0, series.length() - suffix.length());
                if (HISTOGRAMS.contains(base)) {
                    return base;
                }
            }
        }
        return null;
    }
}
