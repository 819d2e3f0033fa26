package io.chaperone.anomaly;

import io.chaperone.anomaly.rules.Thresholds;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;

/** Anomaly detection ({@code chaperone.anomaly.*}, docs/anomaly.md): every rule's thresholds. */
@ConfigMapping(prefix = "chaperone.anomaly")
public interface AnomalyConfig {

    @WithDefault("true")
    boolean enabled();

    /** Warning when one minute's commands exceed the template's expected rate × this. */
    @WithName("rate-factor")
    @WithDefault("1.5")
    double rateFactor();

    /** Warning at this many denied commands within {@link #denialWindow()}. */
    @WithName("denial-warn")
    @WithDefault("3")
    int denialWarn();

    /** Severe (the session is suspended) at this many denied commands within {@link #denialWindow()}. */
    @WithName("denial-severe")
    @WithDefault("6")
    int denialSevere();

    @WithName("denial-window")
    @WithDefault("PT30S")
    Duration denialWindow();

    /** Warning for a command within this long after the resident refused an escalation. */
    @WithName("escalation-window")
    @WithDefault("PT2M")
    Duration escalationWindow();

    /** Device kinds whose writes, reboots and updates are flagged. */
    @WithName("security-kinds")
    @WithDefault("lock,camera,alarm")
    Set<String> securityKinds();

    /** The unusual hours, home-local: from (inclusive) to (exclusive), may wrap past midnight; equal = off. */
    @WithName("quiet-from")
    @WithDefault("0")
    int quietFrom();

    @WithName("quiet-to")
    @WithDefault("5")
    int quietTo();

    /** The homes' time zone (homes carry none yet). */
    @WithDefault("UTC")
    ZoneId zone();

    default Thresholds thresholds() {
        return new Thresholds(rateFactor(), denialWarn(), denialSevere(), denialWindow().toMillis(),
                escalationWindow().toMillis(), securityKinds(), quietFrom(), quietTo());
    }
}
