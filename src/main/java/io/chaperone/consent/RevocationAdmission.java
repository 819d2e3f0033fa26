package io.chaperone.consent;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * Admits the durable part of revocations (caller's record, intent, transition, C1 record, answer) a bounded number at
 * a time, first come first served (ADR 0038). A storm of revokes otherwise starts all of its Hibernate work at once on
 * the event loops that must also read the next revoke requests and write their close frames; the close itself does
 * not wait here (it is announced before admission). Admitted work runs to its end even if the caller stops waiting
 * (a client that hangs up must not undo a revocation). A request that waits longer than {@code maxWait} is offered
 * to {@code overdue}, which may hand it to the revocation job (durable intent, answered 202); if it cannot, it stays
 * queued: a revocation is never dropped. Thread-safe; each piece of work starts on the Vert.x context it was
 * submitted from (its own Hibernate Reactive session).
 */
final class RevocationAdmission {

    private final Vertx vertx;
    private final int concurrency;
    private final Duration maxWait;
    private final Deque<Entry<?>> queue = new ArrayDeque<>();
    private int running;

    RevocationAdmission(Vertx vertx, int concurrency, Duration maxWait) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.vertx = vertx;
        this.concurrency = concurrency;
        this.maxWait = maxWait;
    }

    /**
     * Runs {@code work} when a slot is free; its item or failure is the answer. If it is still queued after
     * {@code maxWait}, {@code overdue} is asked: an item means the revocation was handed over and is the answer (the
     * work is dropped from the queue), null or a failure means it was not and the work keeps its place.
     */
    <T> Uni<T> admit(Supplier<Uni<T>> work, Supplier<Uni<T>> overdue) {
        return Uni.createFrom().emitter(emitter -> {
            Entry<T> entry = new Entry<>(work, overdue, Vertx.currentContext(), emitter);
            boolean start;
            synchronized (this) {
                start = running < concurrency;
                if (start) {
                    running++;
                } else {
                    queue.addLast(entry);
                }
            }
            if (start) {
                run(entry);
            } else {
                entry.timer = vertx.setTimer(Math.max(1, maxWait.toMillis()), id -> overdue(entry));
            }
        });
    }

    /** Work started and not finished. */
    synchronized int running() {
        return running;
    }

    /** Work waiting for a slot. */
    synchronized int queued() {
        return queue.size();
    }

    private <T> void overdue(Entry<T> entry) {
        synchronized (this) {
            if (!queue.contains(entry)) {
                return;   // started meanwhile
            }
        }
        Uni.createFrom().deferred(() -> entry.overdue.get()).subscribe().with(item -> {
            if (item == null) {
                return;
            }
            synchronized (this) {
                queue.remove(entry);
            }
            // If it started meanwhile it runs on; the caller has its answer either way (both paths end revoked).
            entry.emitter.complete(item);
        }, failure -> { });
    }

    private <T> void run(Entry<T> entry) {
        Runnable start = () -> Uni.createFrom().deferred(() -> entry.work.get()).subscribe().with(
                item -> finished(entry, item, null), failure -> finished(entry, null, failure));
        if (entry.context != null) {
            entry.context.runOnContext(v -> start.run());
        } else {
            start.run();
        }
    }

    private <T> void finished(Entry<T> entry, T item, Throwable failure) {
        if (failure != null) {
            entry.emitter.fail(failure);
        } else {
            entry.emitter.complete(item);
        }
        Entry<?> next;
        synchronized (this) {
            next = queue.pollFirst();
            if (next == null) {
                running--;
            }
        }
        if (next != null) {
            if (next.timer >= 0) {
                vertx.cancelTimer(next.timer);
            }
            run(next);
        }
    }

    private static final class Entry<T> {
        final Supplier<Uni<T>> work;
        final Supplier<Uni<T>> overdue;
        final Context context;
        final io.smallrye.mutiny.subscription.UniEmitter<? super T> emitter;
        volatile long timer = -1;

        Entry(Supplier<Uni<T>> work, Supplier<Uni<T>> overdue, Context context,
              io.smallrye.mutiny.subscription.UniEmitter<? super T> emitter) {
            this.work = work;
            this.overdue = overdue;
            this.context = context;
            this.emitter = emitter;
        }
    }
}
