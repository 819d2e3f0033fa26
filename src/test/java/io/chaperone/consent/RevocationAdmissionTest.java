package io.chaperone.consent;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The admission queue of revoke requests' durable part (ADR 0038): bound, order, failures, the wait bound. */
class RevocationAdmissionTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldRunAtMostTheBoundAtOnceAndTheRestInArrivalOrder() {
        RevocationAdmission admission = new RevocationAdmission(vertx, 2, Duration.ofMinutes(1));
        List<CompletableFuture<String>> gates = new CopyOnWriteArrayList<>();
        List<Integer> started = new CopyOnWriteArrayList<>();
        List<CompletableFuture<String>> answers = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            CompletableFuture<String> gate = new CompletableFuture<>();
            gates.add(gate);
            answers.add(admission.admit(() -> {
                started.add(n);
                return Uni.createFrom().completionStage(gate);
            }, () -> Uni.createFrom().nullItem()).subscribeAsCompletionStage());
        }
        await().until(() -> started.size() == 2);
        assertThat(started).containsExactly(0, 1);
        assertThat(admission.running()).isEqualTo(2);
        assertThat(admission.queued()).isEqualTo(3);

        gates.get(1).complete("one");
        await().until(() -> started.size() == 3);
        assertThat(started).containsExactly(0, 1, 2);
        assertThat(answers.get(1)).isCompletedWithValue("one");
        assertThat(admission.running()).isEqualTo(2);

        gates.get(0).complete("zero");
        gates.get(2).complete("two");
        await().until(() -> started.size() == 5);
        assertThat(started).containsExactly(0, 1, 2, 3, 4);
        gates.get(3).complete("three");
        gates.get(4).complete("four");
        await().until(() -> admission.running() == 0);
        assertThat(admission.queued()).isZero();
        assertThat(answers).extracting(CompletableFuture::join).containsExactly("zero", "one", "two", "three", "four");
    }

    @Test
    void shouldAnswerAFailureAndFreeItsSlotForTheNext() {
        RevocationAdmission admission = new RevocationAdmission(vertx, 1, Duration.ofMinutes(1));
        CompletableFuture<String> failing = new CompletableFuture<>();
        CompletableFuture<String> first = admission.admit(() -> Uni.createFrom().completionStage(failing),
                () -> Uni.createFrom().nullItem()).subscribeAsCompletionStage();
        CompletableFuture<String> second = admission.admit(() -> Uni.createFrom().item("next"),
                () -> Uni.createFrom().nullItem()).subscribeAsCompletionStage();
        assertThat(second).isNotDone();

        failing.completeExceptionally(new IllegalStateException("database down"));
        await().until(second::isDone);
        assertThat(second.join()).isEqualTo("next");
        assertThat(first).isCompletedExceptionally();
        assertThat(admission.running()).isZero();
    }

    @Test
    void shouldHandAnOverdueRequestOverAndDropItFromTheQueue() {
        RevocationAdmission admission = new RevocationAdmission(vertx, 1, Duration.ofMillis(100));
        CompletableFuture<String> busy = new CompletableFuture<>();
        admission.admit(() -> Uni.createFrom().completionStage(busy), () -> Uni.createFrom().nullItem())
                .subscribeAsCompletionStage();
        AtomicInteger ranLate = new AtomicInteger();
        CompletableFuture<String> waiting = admission.admit(() -> {
            ranLate.incrementAndGet();
            return Uni.createFrom().item("revoked");
        }, () -> Uni.createFrom().item("pending")).subscribeAsCompletionStage();

        await().atMost(Duration.ofSeconds(5)).until(waiting::isDone);
        assertThat(waiting.join()).isEqualTo("pending");
        assertThat(admission.queued()).isZero();
        busy.complete("done");
        await().until(() -> admission.running() == 0);
        assertThat(ranLate).hasValue(0);
    }

    @Test
    void shouldKeepAnOverdueRequestQueuedWhenItCannotBeHandedOver() {
        RevocationAdmission admission = new RevocationAdmission(vertx, 1, Duration.ofMillis(50));
        CompletableFuture<String> busy = new CompletableFuture<>();
        admission.admit(() -> Uni.createFrom().completionStage(busy), () -> Uni.createFrom().nullItem())
                .subscribeAsCompletionStage();
        AtomicInteger overdueAsked = new AtomicInteger();
        CompletableFuture<String> refused = admission.admit(() -> Uni.createFrom().item("revoked by the request"), () -> {
            overdueAsked.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("intent not stored"));
        }).subscribeAsCompletionStage();

        await().atMost(Duration.ofSeconds(5)).until(() -> overdueAsked.get() == 1);
        assertThat(refused).isNotDone();
        assertThat(admission.queued()).isEqualTo(1);
        busy.complete("done");
        await().until(refused::isDone);
        assertThat(refused.join()).isEqualTo("revoked by the request");
    }

    @Test
    void shouldFinishAdmittedWorkWhenTheCallerStopsWaiting() {
        RevocationAdmission admission = new RevocationAdmission(vertx, 1, Duration.ofMinutes(1));
        CompletableFuture<String> busy = new CompletableFuture<>();
        admission.admit(() -> Uni.createFrom().completionStage(busy), () -> Uni.createFrom().nullItem())
                .subscribeAsCompletionStage();
        AtomicReference<String> done = new AtomicReference<>();
        Cancellable caller = admission.admit(() -> Uni.createFrom().item("revoked").invoke(done::set),
                () -> Uni.createFrom().nullItem()).subscribe().with(item -> { });
        caller.cancel();

        busy.complete("done");
        await().untilAtomic(done, org.hamcrest.Matchers.equalTo("revoked"));
        await().until(() -> admission.running() == 0);
    }

    @Test
    void shouldStartQueuedWorkOnTheContextItWasSubmittedFrom() throws Exception {
        RevocationAdmission admission = new RevocationAdmission(vertx, 1, Duration.ofMinutes(1));
        CompletableFuture<String> busy = new CompletableFuture<>();
        admission.admit(() -> Uni.createFrom().completionStage(busy), () -> Uni.createFrom().nullItem())
                .subscribeAsCompletionStage();
        io.vertx.core.Context submitter = vertx.getOrCreateContext();
        AtomicReference<io.vertx.core.Context> ranOn = new AtomicReference<>();
        CompletableFuture<String> queued = new CompletableFuture<>();
        submitter.runOnContext(v -> admission.admit(() -> {
            ranOn.set(Vertx.currentContext());
            return Uni.createFrom().item("ok");
        }, () -> Uni.createFrom().nullItem()).subscribe().with(queued::complete));

        await().until(() -> admission.queued() == 1);
        busy.complete("done");
        assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(ranOn.get()).isSameAs(submitter);
    }
}
