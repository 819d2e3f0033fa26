package io.chaperone.anomaly.rules;

import java.util.Objects;
import java.util.Set;

/**
 * The configured thresholds of every rule, validated once (docs/anomaly.md lists them with their defaults).
 *
 * @param rateFactor          warning when the commands of one minute exceed expected rate × this
 * @param denialWarn          warning at this many denials within {@code denialWindowMillis}
 * @param denialSevere        severe (suspend) at this many denials within {@code denialWindowMillis}
 * @param escalationWindowMillis warning for a command within this long after a refused escalation
 * @param securityKinds       device kinds that count as security devices
 * @param quietFromHour       first hour (home-local, 0–23) of the unusual period
 * @param quietToHour         hour (exclusive) the unusual period ends; may wrap past midnight
 */
public record Thresholds(double rateFactor, int denialWarn, int denialSevere, long denialWindowMillis,
                         long escalationWindowMillis, Set<String> securityKinds, int quietFromHour, int quietToHour) {

    public Thresholds {
        if (rateFactor < 1) {
            throw new IllegalArgumentException("rate factor must be at least 1");
        }
        if (denialWarn < 1 || denialSevere < denialWarn || denialSevere > 1000) {
            throw new IllegalArgumentException("need 1 <= denial warn <= denial severe <= 1000");
        }
        if (denialWindowMillis < 1 || escalationWindowMillis < 0) {
            throw new IllegalArgumentException("windows must be positive");
        }
        if (quietFromHour < 0 || quietFromHour > 23 || quietToHour < 0 || quietToHour > 24) {
            throw new IllegalArgumentException("quiet hours are 0..23 and 0..24");
        }
        securityKinds = Set.copyOf(Objects.requireNonNull(securityKinds));
    }

    boolean quiet(int hour) {
        if (quietFromHour == quietToHour) {
            return false;
        }
        return quietFromHour < quietToHour ? hour >= quietFromHour && hour < quietToHour
                : hour >= quietFromHour || hour < quietToHour;
    }
}
