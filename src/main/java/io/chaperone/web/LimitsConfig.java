package io.chaperone.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Request limits that keep a caller from flooding a person or the gateway (docs/operations.md "Limits"). */
@ConfigMapping(prefix = "chaperone.limits")
public interface LimitsConfig {

    /** Session requests one technician may send for one home per {@link #sessionRequestsWindow()}. */
    @WithDefault("10")
    int sessionRequests();

    @WithDefault("PT10M")
    Duration sessionRequestsWindow();

    /** Escalation requests per session per {@link #escalationsWindow()}. */
    @WithDefault("5")
    int escalations();

    @WithDefault("PT10M")
    Duration escalationsWindow();

    /** Connect tickets per session per {@link #connectTicketsWindow()} (each reconnect needs one). */
    @WithDefault("20")
    int connectTickets();

    @WithDefault("PT1M")
    Duration connectTicketsWindow();

    /** Enrollment attempts from one source address per {@link #enrollWindow()}. */
    @WithDefault("30")
    int enrollPerAddress();

    @WithDefault("PT1M")
    Duration enrollWindow();

    /** Enrollment attempts with one claim code (per {@link #claimAttemptsWindow()}); the next one burns the code. */
    @WithDefault("5")
    int claimAttempts();

    /** As long as a claim code lives (chaperone.devices.claim-lifetime). */
    @WithDefault("PT15M")
    Duration claimAttemptsWindow();

    /** Activity sockets one resident may hold open at once (over all their homes). */
    @WithDefault("5")
    int activitySocketsPerResident();
}
