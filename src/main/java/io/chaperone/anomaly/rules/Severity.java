package io.chaperone.anomaly.rules;

/** A warning tells the resident live; a severe flag also suspends the session. */
public enum Severity {
    WARNING("warning"), SEVERE("severe");

    private final String wireName;

    Severity(String wireName) { this.wireName = wireName; }

    public String wireName() { return wireName; }
}
