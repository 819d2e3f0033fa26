package io.chaperone.anomaly.rules;

/** One rule tripped: what was observed against which threshold. Allocated only when a rule trips (rare). */
public record Flag(Rule rule, Severity severity, long observed, long threshold) {
}
