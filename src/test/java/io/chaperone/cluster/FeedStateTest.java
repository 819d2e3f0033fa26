package io.chaperone.cluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FeedStateTest {

    private static final long MS = 1_000_000;
    private static final long BOUND = 2_000 * MS;
    private static final long T0 = 1_000_000 * MS;

    private FeedState syncedAt(long at) {
        FeedState state = new FeedState(BOUND, T0);
        state.synced(state.listening(), at);
        return state;
    }

    @Test
    void shouldBeUnconfirmedBeforeTheFirstReRead() {
        FeedState state = new FeedState(BOUND, T0);
        state.beat(T0);
        assertThat(state.confirmed(T0)).isFalse();
    }

    @Test
    void shouldStayConfirmedExactlyAtTheBound() {
        assertThat(syncedAt(T0).confirmed(T0 + BOUND)).isTrue();
    }

    @Test
    void shouldFailClosedOneMillisecondAfterTheBound() {
        FeedState state = syncedAt(T0);
        assertThat(state.confirmed(T0 + BOUND + MS)).isFalse();
        assertThat(state.unconfirmedMillis(T0 + BOUND + MS)).isEqualTo(1);
    }

    @Test
    void shouldCountAHeartbeatFromItsSendTime() {
        FeedState state = syncedAt(T0);
        state.beat(T0 + 500 * MS);
        assertThat(state.confirmed(T0 + 500 * MS + BOUND)).isTrue();
        assertThat(state.confirmed(T0 + 500 * MS + BOUND + MS)).isFalse();
    }

    @Test
    void shouldIgnoreHeartbeatsAfterAReconnectUntilTheReReadFinished() {
        FeedState state = syncedAt(T0);
        long connection = state.listening();
        state.beat(T0 + 3_000 * MS);
        assertThat(state.confirmed(T0 + 3_000 * MS)).isFalse();

        state.synced(connection, T0 + 3_100 * MS);
        assertThat(state.confirmed(T0 + 3_100 * MS)).isTrue();
    }

    @Test
    void shouldIgnoreTheReReadOfAConnectionThatWasReplaced() {
        FeedState state = syncedAt(T0);
        long stale = state.listening();
        state.listening();
        state.synced(stale, T0 + 3_000 * MS);
        assertThat(state.confirmed(T0 + 3_000 * MS)).isFalse();
    }

    @Test
    void shouldNotMoveTheConfirmationBackwards() {
        FeedState state = syncedAt(T0 + 1_000 * MS);
        state.beat(T0);
        assertThat(state.confirmed(T0 + 1_000 * MS + BOUND)).isTrue();
    }
}
