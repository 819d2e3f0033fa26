package io.chaperone.privacy;

import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.SecretKey;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Home key rows as a gateway on some master key wrote them, and how the running gateway reads them. */
@ApplicationScoped
public class HomeKeyRows {

    static final byte[] KEY_A = filled(1);
    static final byte[] KEY_B = filled(2);

    @Inject
    DataKeys keys;
    @Inject
    Pool pool;

    static byte[] filled(int value) {
        byte[] key = new byte[Aead.KEY_BYTES];
        Arrays.fill(key, (byte) value);
        return key;
    }

    /** A fresh home key stored wrapped under {@code master}, as a gateway running on that key writes it. */
    SecretKey writtenUnder(byte[] master, UUID home) {
        SecretKey key = Aead.newKey();
        LocalKeyWrapper wrapper = new LocalKeyWrapper(master);
        pool.preparedQuery("INSERT INTO home_data_keys (home_id, wrapped_key, wrapper_id, created_at) VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(home, Buffer.buffer(wrapper.wrap(key.getEncoded())), wrapper.id(), OffsetDateTime.now()))
                .await().atMost(PrivacyWorld.WAIT);
        return key;
    }

    /** The home's key as the read path resolves it (empty: unavailable). */
    Optional<SecretKey> homeKey(UUID home) {
        return keys.forOpening(List.of(KeyRef.home(home))).await().atMost(PrivacyWorld.WAIT).get(KeyRef.home(home));
    }

    Row row(UUID home) {
        return pool.preparedQuery("SELECT wrapped_key, wrapper_id FROM home_data_keys WHERE home_id = $1")
                .execute(Tuple.of(home)).await().atMost(PrivacyWorld.WAIT).iterator().next();
    }

    long rowsUnder(byte[] master) {
        return pool.preparedQuery("SELECT count(*) FROM home_data_keys WHERE wrapper_id = $1")
                .execute(Tuple.of(new LocalKeyWrapper(master).id())).await().atMost(PrivacyWorld.WAIT)
                .iterator().next().getLong(0);
    }
}
