package io.chaperone.privacy;

import io.chaperone.audit.AuditDatabase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Master key rotation (docs/operations.md "Master key"): a home data key wrapped by a previous master key
 * ({@code chaperone.privacy.previous-master-keys}) is unwrapped with it and stored re-wrapped under the current
 * one, on first use and by a sweep at start-up, so a previous key can be removed after one run. The sweep logs
 * and meters how many home keys remain under a master key the gateway does not hold (those read as unavailable).
 */
@ApplicationScoped
public class MasterKeyRotation {

    static final String REMAINING_METER = "chaperone.privacy.home_keys.foreign_master_key";
    private static final Logger LOG = Logger.getLogger(MasterKeyRotation.class);

    @Inject
    AuditDatabase database;
    @Inject
    KeyWrapper wrapper;
    @Inject
    PrivacyConfig config;
    @Inject
    MeterRegistry registry;

    private final Map<String, KeyWrapper> previous = new HashMap<>();
    private final AtomicLong remaining = new AtomicLong();

    @PostConstruct
    void init() {
        MasterKeyProducer.previousMasterKeys(config).forEach(key -> {
            LocalKeyWrapper old = new LocalKeyWrapper(key);
            if (!old.id().equals(wrapper.id())) { // the current key listed as previous too: nothing to re-wrap
                previous.put(old.id(), old);
            }
        });
        Gauge.builder(REMAINING_METER, remaining, AtomicLong::get)
                .description("Home data keys left under a master key the gateway does not hold (after the start-up sweep)")
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.masterKey().isEmpty()) {
            return; // an ephemeral master key: rows of earlier runs are re-keyed by DataKeys, nothing to rotate to
        }
        sweep().subscribe().with(left -> { }, failure -> LOG.warnf(
                "The master key rotation sweep failed (code=privacy.master_key_sweep_failed): %s", failure.getMessage()));
    }

    /** Whether {@code wrapperId} names a previous master key this gateway holds. */
    boolean holds(String wrapperId) {
        return previous.containsKey(wrapperId);
    }

    /** The home key wrapped by the previous master key {@code wrapperId}, stored re-wrapped under the current one. */
    Uni<byte[]> rewrap(UUID homeId, String wrapperId, byte[] wrapped) {
        return Uni.createFrom().item(() -> previous.get(wrapperId).unwrap(wrapped))
                .call(key -> database.pool().preparedQuery("UPDATE home_data_keys SET wrapped_key = $2, wrapper_id = $3 "
                                // never over a key erasure destroyed meanwhile, nor over another node's re-wrap
                                + "WHERE home_id = $1 AND wrapper_id = $4 AND wrapped_key IS NOT NULL")
                        .execute(Tuple.of(homeId, Buffer.buffer(wrapper.wrap(key)), wrapper.id(), wrapperId)));
    }

    /** Re-wraps every home key under a previous master key; returns (and meters) how many remain under other keys. */
    Uni<Long> sweep() {
        return database.pool().preparedQuery("SELECT home_id, wrapper_id, wrapped_key FROM home_data_keys "
                        + "WHERE wrapped_key IS NOT NULL AND wrapper_id <> $1")
                .execute(Tuple.of(wrapper.id()))
                .chain(rows -> {
                    List<Row> held = new ArrayList<>();
                    rows.forEach(row -> {
                        if (holds(row.getString("wrapper_id"))) {
                            held.add(row);
                        }
                    });
                    long foreign = rows.size() - held.size();
                    return Multi.createFrom().iterable(held)
                            .onItem().transformToUniAndConcatenate(row -> rewrap(row.getUUID("home_id"),
                                    row.getString("wrapper_id"), row.getBuffer("wrapped_key").getBytes())
                                    .replaceWith(0L).onFailure().recoverWithItem(1L))
                            .collect().with(Collectors.summingLong(Long::longValue))
                            .map(failed -> report(held.size() - failed, foreign + failed));
                });
    }

    private long report(long rewrapped, long left) {
        remaining.set(left);
        if (left > 0) {
            LOG.warnf("Master key rotation: %d home keys re-wrapped under %s, %d remain under a master key the gateway "
                    + "does not hold (code=privacy.foreign_master_key; they read as unavailable)", rewrapped, wrapper.id(), left);
        } else {
            LOG.infof("Master key rotation: %d home keys re-wrapped under %s, none remain under another master key "
                    + "(previous master keys can be removed)", rewrapped, wrapper.id());
        }
        return left;
    }
}
