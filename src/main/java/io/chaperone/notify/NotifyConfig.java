package io.chaperone.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** Notifications ({@code chaperone.notify.*}, docs/notifications.md): delivery, retries, the e-mail digest. */
@ConfigMapping(prefix = "chaperone.notify")
public interface NotifyConfig {

    /** How often the dispatcher runs a pass ({@code off}: only when kicked; tests drive passes themselves). */
    @WithName("dispatch-every")
    String dispatchEvery();

    /** The first scheduled pass waits this long after start. */
    @WithName("dispatch-delay")
    String dispatchDelay();

    /** How long a dispatcher pass holds the deliveries it claimed; another node takes them over after that. */
    @WithDefault("PT60S")
    Duration lease();

    /** Most notifications fanned out, and most deliveries claimed, per pass. */
    @WithName("batch-size")
    @WithDefault("50")
    int batchSize();

    Webhook webhook();

    Email email();

    interface Webhook {
        /** After this many failed attempts a delivery is dead-lettered (state {@code dead}). */
        @WithName("max-attempts")
        @WithDefault("8")
        int maxAttempts();

        /** The wait after the first failure; doubled after each further one, up to {@link #backoffMax()}. */
        @WithName("backoff-base")
        @WithDefault("PT10S")
        Duration backoffBase();

        @WithName("backoff-max")
        @WithDefault("PT1H")
        Duration backoffMax();

        /** Connect + response timeout of one POST. */
        @WithDefault("PT5S")
        Duration timeout();

        /** Plain-http endpoints (tests, a local receiver); production endpoints must be https. */
        @WithName("allow-http")
        @WithDefault("false")
        boolean allowHttp();

        /** Most endpoints per home. */
        @WithName("max-endpoints")
        @WithDefault("5")
        int maxEndpoints();
    }

    interface Email {
        /** A notification waits this long for others of the same home to share one digest e-mail. */
        @WithName("digest-window")
        @WithDefault("PT15M")
        Duration digestWindow();

        @WithName("max-attempts")
        @WithDefault("5")
        int maxAttempts();

        /** Where the digest's sign-in link points (the resident signs in to see details; the mail has none). */
        @WithName("sign-in-url")
        @WithDefault("https://gateway.chaperone.local/")
        String signInUrl();

        @WithDefault("Chaperone <no-reply@chaperone.local>")
        String from();
    }
}
