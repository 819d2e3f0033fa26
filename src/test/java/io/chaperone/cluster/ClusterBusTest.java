package io.chaperone.cluster;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Context;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static io.chaperone.support.Management.management;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The bus against a real nats-server of the test's own, which the last test stops and starts again. */
@QuarkusTest
@TestProfile(ClusterModeProfile.class)
class ClusterBusTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    @Inject
    ClusterBus bus;
    @Inject
    LinkEvents linkEvents;

    PrivateNats nats;

    @Test
    void shouldDeliverEveryMessageInOrderOnAnEventLoopNotTheClientThread() {
        // Given a subscriber on a subject of this test
        await().atMost(BOUND).until(bus::connected);
        String subject = bus.subjects().named("order-test");
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicBoolean offLoop = new AtomicBoolean();
        try (ClusterBus.Subscription ignored = bus.subscribe(subject, m -> {
            if (!Context.isOnEventLoopThread()) {
                offLoop.set(true);
            }
            received.add(new String(m.data(), StandardCharsets.UTF_8) + "|" + m.header("k"));
        })) {
            flush(subject);

            // When 2,000 messages are published with a header
            List<String> sent = IntStream.range(0, 2000).mapToObj(Integer::toString).toList();
            sent.forEach(s -> bus.publish(subject, Map.of("k", "v" + s), s.getBytes(StandardCharsets.UTF_8)));

            // Then all arrive, in order, with their headers, each on an event loop
            await().atMost(BOUND).until(() -> received.size() >= sent.size());
            assertThat(received).containsExactlyElementsOf(sent.stream().map(s -> s + "|v" + s).toList());
            assertThat(offLoop).isFalse();
        }
    }

    @Test
    void shouldAnswerARequestAndReportTimeoutAndNoResponders() {
        await().atMost(BOUND).until(bus::connected);
        String echo = bus.subjects().named("echo");
        String silent = bus.subjects().named("silent");
        try (ClusterBus.Subscription e = bus.subscribe(echo, m -> bus.reply(m, Map.of("from", bus.nodeId()),
                ("re:" + new String(m.data(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
             ClusterBus.Subscription s = bus.subscribe(silent, m -> { })) {
            flush(echo);

            ClusterMessage reply = bus.request(echo, null, "ping".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5))
                    .await().atMost(BOUND);
            assertThat(new String(reply.data(), StandardCharsets.UTF_8)).isEqualTo("re:ping");
            assertThat(reply.header("from")).isEqualTo("test-node-1");

            assertThatThrownBy(() -> bus.request(silent, null, new byte[0], Duration.ofMillis(300)).await().atMost(BOUND))
                    .isInstanceOfSatisfying(ClusterException.class, x -> assertThat(x.code()).isEqualTo(ClusterException.Code.TIMEOUT));
            assertThatThrownBy(() -> bus.request(bus.subjects().named("nobody"), null, new byte[0], Duration.ofSeconds(5))
                    .await().atMost(BOUND))
                    .isInstanceOfSatisfying(ClusterException.class,
                            x -> assertThat(x.code()).isEqualTo(ClusterException.Code.NO_RESPONDERS));
        }
    }

    @Test
    void shouldSayInReadinessWhileNatsIsDownAndRecoverItsSubscriptionsAfter() {
        // Given a connected node with a subscription
        await().atMost(BOUND).until(bus::connected);
        String subject = bus.subjects().named("survivor");
        List<String> received = new CopyOnWriteArrayList<>();
        try (ClusterBus.Subscription ignored = bus.subscribe(subject, m -> received.add(new String(m.data(), StandardCharsets.UTF_8)))) {
            flush(subject);
            management().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'cluster' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'cluster' }.data.nodeId", equalTo("test-node-1"));
            linkEvents.seen.clear();

            // When NATS stops
            nats.stop();

            // Then the node says so in readiness and in a link event
            await().atMost(BOUND).until(() -> !bus.connected());
            management().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'cluster' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'cluster' }.data.nats", equalTo("disconnected"));
            await().atMost(BOUND).until(() -> linkEvents.seen.contains(ClusterLink.State.DISCONNECTED));

            // And when NATS is back, it reconnects by itself and the subscription works again
            nats.start();
            await().atMost(BOUND).until(() -> linkEvents.seen.contains(ClusterLink.State.RECONNECTED));
            await().atMost(BOUND).until(bus::connected);
            management().get("/q/health/ready").then().statusCode(200)
                    .body("checks.name", hasItem("cluster"));
            await().atMost(BOUND).untilAsserted(() -> {
                bus.publish(subject, "after".getBytes(StandardCharsets.UTF_8));
                assertThat(received).contains("after");
            });
            assertThat(linkEvents.seen).containsSubsequence(ClusterLink.State.DISCONNECTED, ClusterLink.State.RECONNECTED);
        }
    }

    /** Waits until a subscription is live at the server (a subscribe is asynchronous). */
    private void flush(String subject) {
        String probe = subject + ".probe";
        List<Boolean> heard = Collections.synchronizedList(new ArrayList<>());
        try (ClusterBus.Subscription p = bus.subscribe(probe, m -> heard.add(true))) {
            await().atMost(BOUND).untilAsserted(() -> {
                bus.publish(probe, new byte[0]);
                assertThat(heard).isNotEmpty();
            });
        }
    }

    /** Link changes as CDI events. */
    @Singleton
    static class LinkEvents {
        final List<ClusterLink.State> seen = new CopyOnWriteArrayList<>();

        void on(@Observes ClusterLink link) {
            seen.add(link.state());
        }
    }
}
