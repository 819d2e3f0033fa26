package io.chaperone.relay;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Denial rows per session and window: the first ones get a row each, the rest one summary row with their count. */
class DenialLogTest {

    private static final long WINDOW = 60_000;

    @Test
    void shouldGiveTheFirstDenialsOfAWindowARowEachAndCountTheRest() {
        DenialLog log = new DenialLog(3, WINDOW);

        int rows = 0;
        for (int i = 0; i < 50; i++) {
            assertThat(log.rollOver(1_000 + i)).isZero();
            rows += log.ownRow() ? 1 : 0;
        }

        assertThat(rows).isEqualTo(3);
        assertThat(log.drain()).isEqualTo(47);
        assertThat(log.drain()).isZero();
    }

    @Test
    void shouldHandTheUnwrittenCountOverWhenTheWindowEnds() {
        DenialLog log = new DenialLog(1, WINDOW);
        log.rollOver(0);
        log.ownRow();
        log.ownRow();
        log.ownRow();

        assertThat(log.rollOver(WINDOW - 1)).isZero();
        assertThat(log.rollOver(WINDOW)).isEqualTo(2);
        assertThat(log.ownRow()).isTrue();
    }
}
