package io.chaperone.relay;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The table of which homes other nodes watch: announcements, their refresh and expiry, a node gone. */
class FeedInterestTest {

    private static final long TTL = 15_000;
    private final UUID kitchen = UUID.randomUUID();
    private final UUID cellar = UUID.randomUUID();
    private final FeedInterest interest = new FeedInterest(TTL);

    @Test
    void shouldCountAWatchOnlyUntilItsTimeToLive() {
        interest.watched("node-b", List.of(kitchen), 1_000);

        assertThat(interest.watched(kitchen, 1_001)).isTrue();
        assertThat(interest.watched(cellar, 1_001)).isFalse();
        assertThat(interest.watched(kitchen, 1_000 + TTL - 1)).isTrue();
        assertThat(interest.watched(kitchen, 1_000 + TTL)).isFalse();
    }

    @Test
    void shouldKeepAWatchAliveWhileTheNodeRepeatsItsWholeSet() {
        interest.watched("node-b", List.of(kitchen), 0);
        interest.all("node-b", List.of(kitchen), TTL - 1);

        assertThat(interest.watched(kitchen, 2 * TTL - 2)).isTrue();
        assertThat(interest.watched(kitchen, 2 * TTL - 1)).isFalse();
    }

    @Test
    void shouldReplaceWhatWasKnownOfANodeByItsWholeSet() {
        interest.watched("node-b", List.of(kitchen, cellar), 0);

        // an unwatch that was lost is corrected by the next whole set
        interest.all("node-b", List.of(cellar), 10);
        assertThat(interest.watched(kitchen, 11)).isFalse();
        assertThat(interest.watched(cellar, 11)).isTrue();

        interest.all("node-b", List.of(), 20);
        assertThat(interest.watched(cellar, 21)).isFalse();
        assertThat(interest.nodes(21)).isEmpty();
    }

    @Test
    void shouldForgetOneHomeAtItsLastWatcherAndKeepTheOthers() {
        interest.watched("node-b", List.of(kitchen), 0);
        interest.watched("node-b", List.of(cellar), 5);

        interest.unwatched("node-b", List.of(kitchen), 10);

        assertThat(interest.watched(kitchen, 11)).isFalse();
        assertThat(interest.watched(cellar, 11)).isTrue();
    }

    @Test
    void shouldStopCountingANodeThatIsGoneButNotTheOthers() {
        interest.watched("node-b", List.of(kitchen), 0);
        interest.watched("node-c", List.of(kitchen), 0);

        interest.gone("node-b");

        assertThat(interest.nodes(1)).isEqualTo(Set.of("node-c"));
        assertThat(interest.watched(kitchen, 1)).isTrue();
        interest.gone("node-c");
        assertThat(interest.watched(kitchen, 1)).isFalse();
    }

    @Test
    void shouldExpireASilentNodeAndNotReviveItsOldHomesWithANewWatch() {
        interest.watched("node-b", List.of(kitchen), 0);
        interest.watched("node-c", List.of(cellar), TTL);

        interest.expire(TTL + 1);
        assertThat(interest.nodes(TTL + 1)).isEqualTo(Set.of("node-c"));

        // node-b restarted and announces a new watcher: only that home counts, not what the dead process had
        interest.watched("node-b", List.of(cellar), TTL + 2);
        assertThat(interest.watched(kitchen, TTL + 3)).isFalse();
        assertThat(interest.watched(cellar, TTL + 3)).isTrue();
    }
}
