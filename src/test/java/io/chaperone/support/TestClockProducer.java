package io.chaperone.support;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Replaces the gateway's clock in tests with one {@link MutableClock}. */
public class TestClockProducer {

    private static final MutableClock CLOCK = new MutableClock();

    @Produces
    @Singleton
    @Alternative
    @Priority(10)
    Clock clock() {
        return CLOCK;
    }

    @Produces
    @Singleton
    MutableClock mutableClock() {
        return CLOCK;
    }
}
