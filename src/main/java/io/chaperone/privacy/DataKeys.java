package io.chaperone.privacy;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The data keys (V70): a key per home wrapped by the master key, a key per session wrapped by its home's
 * key. Keys are created lazily, by the sealer only, with reactive statements; unwrapped keys are cached
 * in bounded maps and never logged. An empty {@link Optional} means the key is gone (destroyed by
 * erasure, shredded by retention): what it sealed can no longer be read and nothing new is sealed under it.
 */
@ApplicationScoped
public class DataKeys {

    private static final Logger LOG = Logger.getLogger(DataKeys.class);
    private static final byte[] SESSION_AAD = "chaperone:session-key:v1:".getBytes(StandardCharsets.UTF_8);

    @Inject
    io.chaperone.audit.AuditDatabase database;
    Pool pool;

    @jakarta.annotation.PostConstruct
    void useTheAuditPool() {
        // The sealer reads and creates keys while the writer forms a batch: on the writer's own pool.
        pool = database.pool();
    }
    @Inject
    KeyWrapper wrapper;
    @Inject
    PrivacyConfig config;
    @Inject
    MasterKeyRotation rotation;
    @Inject
    Clock clock;

    private BoundedCache<UUID, Optional<SecretKey>> homes;
    private BoundedCache<UUID, SessionSlot> sessions;
    private BoundedCache<UUID, Boolean> hubChains;

    /** A session's key and the home it belongs to (so erasure can forget all of a home's keys). */
    private record SessionSlot(UUID homeId, Optional<SecretKey> key) {
    }

    void onStart(@Observes StartupEvent event) {
        // Creating the wrapper checks the master key: production without one refuses to start here.
        LOG.infof("Data keys are wrapped by %s", wrapper.id());
        homes = new BoundedCache<>(config.keyCacheSize());
        sessions = new BoundedCache<>(config.keyCacheSize());
        hubChains = new BoundedCache<>(config.keyCacheSize());
    }

    /** Which key seals a chain, and the key itself (empty when gone); creates missing keys. */
    public record Target(KeyRef ref, Optional<SecretKey> key) {
    }

    /**
     * Resolves the sealing key of every chain (chain id → home id). The homes' keys come first, one after
     * the other (cached; a batch rarely spans many homes); then the chains not yet known take one statement
     * that tells hubs from sessions, returns the keys sessions already have and inserts fresh keys for the
     * others: a batch with new sessions costs one round trip more, a batch of known chains none.
     */
    Uni<Map<UUID, Target>> forSealing(Map<UUID, UUID> chains) {
        return Multi.createFrom().iterable(new LinkedHashSet<>(chains.values()))
                .onItem().transformToUniAndConcatenate(home -> homeKey(home, true).map(key -> Map.entry(home, key)))
                .collect().asMap(Map.Entry::getKey, Map.Entry::getValue)
                .chain(homeKeys -> {
                    Map<UUID, Target> targets = new HashMap<>();
                    Map<UUID, UUID> unknown = new HashMap<>();
                    chains.forEach((chain, home) -> {
                        Target known = knownTarget(chain, home, homeKeys.get(home));
                        if (known != null) {
                            targets.put(chain, known);
                        } else {
                            unknown.put(chain, home);
                        }
                    });
                    return resolve(unknown, homeKeys).map(resolved -> {
                        targets.putAll(resolved);
                        return targets;
                    });
                });
    }

    /**
     * The same targets as {@link #forSealing} when every key they need is already cached, without I/O; empty
     * as soon as one is not (the writer then takes the reactive path, which reads or creates it).
     */
    Optional<Map<UUID, Target>> cachedTargets(Map<UUID, UUID> chains) {
        Map<UUID, Target> targets = new HashMap<>();
        for (Map.Entry<UUID, UUID> chain : chains.entrySet()) {
            Optional<SecretKey> homeKey = homes.get(chain.getValue());
            Target known = homeKey == null ? null : knownTarget(chain.getKey(), chain.getValue(), homeKey);
            if (known == null) {
                return Optional.empty();
            }
            targets.put(chain.getKey(), known);
        }
        return Optional.of(targets);
    }

    /**
     * The home's own chain and its hubs' chains seal under the home's key, a session chain under its session's
     * key; null for a chain not known yet (which {@link #resolve} tells apart and gives a key).
     */
    private Target knownTarget(UUID chain, UUID home, Optional<SecretKey> homeKey) {
        if (chain.equals(home) || Boolean.TRUE.equals(hubChains.get(chain))) {
            return new Target(KeyRef.home(home), homeKey);
        }
        SessionSlot slot = sessions.get(chain);
        return slot == null ? null : new Target(KeyRef.session(chain), slot.key());
    }

    private Uni<Map<UUID, Target>> resolve(Map<UUID, UUID> chains, Map<UUID, Optional<SecretKey>> homeKeys) {
        if (chains.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<UUID> ids = new ArrayList<>(chains.keySet());
        UUID[] homesOf = new UUID[ids.size()];
        io.vertx.core.buffer.Buffer[] wrapped = new io.vertx.core.buffer.Buffer[ids.size()];
        Map<UUID, SecretKey> fresh = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            UUID chain = ids.get(i);
            homesOf[i] = chains.get(chain);
            Optional<SecretKey> homeKey = homeKeys.get(homesOf[i]);
            if (homeKey.isPresent()) { // an erased home gets no new session key (NULL: nothing inserted)
                SecretKey key = Aead.newKey();
                fresh.put(chain, key);
                wrapped[i] = io.vertx.core.buffer.Buffer.buffer(Aead.seal(homeKey.get(), key.getEncoded(), sessionAad(chain)));
            }
        }
        // The final SELECT sees the snapshot before the INSERT: k shows only keys that existed already.
        return pool.preparedQuery("WITH c AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::bytea[]) AS t(id, home, fresh)), "
                        + "ins AS (INSERT INTO session_keys (session_id, home_id, wrapped_key, created_at) "
                        + "SELECT c.id, c.home, c.fresh, $4 FROM c WHERE c.fresh IS NOT NULL "
                        + "AND NOT EXISTS (SELECT 1 FROM hubs h WHERE h.id = c.id) "
                        + "ON CONFLICT (session_id) DO NOTHING RETURNING session_id) "
                        + "SELECT c.id, EXISTS (SELECT 1 FROM hubs h WHERE h.id = c.id) AS hub, "
                        + "ins.session_id IS NOT NULL AS created, k.session_id IS NOT NULL AS existed, k.home_id, k.wrapped_key "
                        + "FROM c LEFT JOIN ins ON ins.session_id = c.id LEFT JOIN session_keys k ON k.session_id = c.id")
                .execute(Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new)).addArrayOfUUID(homesOf)
                        .addValue(wrapped).addValue(now()))
                .chain(rows -> {
                    Map<UUID, Target> targets = new HashMap<>();
                    List<UUID> raced = new ArrayList<>();
                    for (Row row : rows) {
                        UUID chain = row.getUUID("id");
                        UUID home = chains.get(chain);
                        if (row.getBoolean("hub")) {
                            hubChains.put(chain, true);
                            targets.put(chain, new Target(KeyRef.home(home), homeKeys.get(home)));
                        } else if (row.getBoolean("created")) {
                            targets.put(chain, new Target(KeyRef.session(chain),
                                    remembered(chain, home, Optional.of(fresh.get(chain)))));
                        } else if (row.getBoolean("existed")) {
                            targets.put(chain, new Target(KeyRef.session(chain), existing(chain, row, homeKeys)));
                        } else if (!fresh.containsKey(chain)) {
                            targets.put(chain, new Target(KeyRef.session(chain), remembered(chain, home, Optional.empty())));
                        } else {
                            raced.add(chain); // another node inserted it after our snapshot
                        }
                    }
                    return Multi.createFrom().iterable(raced).onItem().transformToUniAndConcatenate(chain ->
                                    sessionKey(chain).map(k -> Map.entry(chain, new Target(KeyRef.session(chain), k))))
                            .collect().asMap(Map.Entry::getKey, Map.Entry::getValue)
                            .map(rest -> {
                                targets.putAll(rest);
                                return targets;
                            });
                });
    }

    /** A session key stored earlier: unwrapped with its home's key (empty once shredded or the home erased). */
    private Optional<SecretKey> existing(UUID session, Row row, Map<UUID, Optional<SecretKey>> homeKeys) {
        UUID home = row.getUUID("home_id");
        Buffer wrapped = row.getBuffer("wrapped_key");
        Optional<SecretKey> homeKey = homeKeys.getOrDefault(home, Optional.ofNullable(homes.get(home)).flatMap(k -> k));
        Optional<SecretKey> key = wrapped == null ? Optional.empty()
                : homeKey.flatMap(k -> unwrapSessionKey(k, session, wrapped.getBytes()));
        return remembered(session, home, key);
    }

    /** The keys for reading: never creates one; a key that is missing or does not unwrap is empty. */
    Uni<Map<KeyRef, Optional<SecretKey>>> forOpening(Collection<KeyRef> refs) {
        return Multi.createFrom().iterable(new LinkedHashSet<>(refs))
                .onItem().transformToUniAndConcatenate(ref -> (ref.session() ? sessionKey(ref.id())
                        : homeKey(ref.id(), false)).map(key -> Map.entry(ref, key)))
                .collect().asMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** Forgets the cached keys of a home and of its sessions (after erasure). */
    public void forgetHome(UUID homeId) {
        homes.remove(homeId);
        sessions.removeIf(slot -> slot.homeId().equals(homeId));
    }

    /**
     * Forgets every cached key: after the cluster change feed reconnects, a missed erasure or retention pass on
     * another node may have destroyed any of them (ADR 0018).
     */
    public void forgetAll() {
        if (homes == null) {
            return; // before start-up: nothing cached yet
        }
        homes.clear();
        sessions.clear();
    }

    /** Forgets a session's cached key (after retention shredded it). */
    public void forgetSession(UUID sessionId) {
        sessions.remove(sessionId);
    }

    private Uni<Optional<SecretKey>> homeKey(UUID homeId, boolean create) {
        Optional<SecretKey> cached = homes.get(homeId);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return pool.preparedQuery("SELECT wrapped_key, wrapper_id FROM home_data_keys WHERE home_id = $1")
                .execute(Tuple.of(homeId)).chain(rows -> {
                    if (rows.size() == 0) {
                        return create ? createHomeKey(homeId) : Uni.createFrom().item(Optional.<SecretKey>empty());
                    }
                    Row row = rows.iterator().next();
                    Buffer wrapped = row.getBuffer("wrapped_key");
                    if (wrapped == null) {
                        return remember(homeId, Optional.empty());
                    }
                    String wrapperId = row.getString("wrapper_id");
                    if (rotation.holds(wrapperId)) {
                        return rotation.rewrap(homeId, wrapperId, wrapped.getBytes())
                                .chain(key -> remember(homeId, Optional.of(Aead.key(key))));
                    }
                    if (!wrapper.id().equals(wrapperId)) {
                        return foreignWrapper(homeId, wrapperId, create);
                    }
                    return remember(homeId, Optional.of(Aead.key(wrapper.unwrap(wrapped.getBytes()))));
                });
    }

    private Uni<Optional<SecretKey>> createHomeKey(UUID homeId) {
        SecretKey key = Aead.newKey();
        return pool.preparedQuery("INSERT INTO home_data_keys (home_id, wrapped_key, wrapper_id, created_at) "
                        + "VALUES ($1, $2, $3, $4) ON CONFLICT (home_id) DO NOTHING")
                .execute(Tuple.of(homeId, io.vertx.core.buffer.Buffer.buffer(wrapper.wrap(key.getEncoded())), wrapper.id(), now()))
                .chain(rows -> rows.rowCount() == 1 ? remember(homeId, Optional.of(key)) : homeKey(homeId, false));
    }

    /**
     * A home key wrapped by another master key. With a configured key that is a misconfiguration: fail
     * (the writer retries and C1 callers fail closed). With an ephemeral key it is data of an earlier
     * run, unreadable anyway: the home gets a new key and its old session keys are marked shredded.
     */
    private Uni<Optional<SecretKey>> foreignWrapper(UUID homeId, String foreignId, boolean create) {
        if (!create) {
            return Uni.createFrom().item(Optional.empty());
        }
        if (!config.ephemeralMasterKey() || config.masterKey().isPresent()) {
            LOG.errorf("A home data key is wrapped by another master key (code=privacy.foreign_master_key, wrapper=%s)",
                    foreignId);
            return Uni.createFrom().failure(new KeyUnavailableException("home key wrapped by another master key"));
        }
        SecretKey key = Aead.newKey();
        return pool.withTransaction(c -> c.preparedQuery("UPDATE home_data_keys SET wrapped_key = $2, wrapper_id = $3, "
                                + "created_at = $4 WHERE home_id = $1 AND wrapper_id = $5")
                        .execute(Tuple.of(homeId, io.vertx.core.buffer.Buffer.buffer(wrapper.wrap(key.getEncoded())), wrapper.id(), now(), foreignId))
                        .call(() -> c.preparedQuery("UPDATE session_keys SET wrapped_key = NULL, shredded_at = $2 "
                                + "WHERE home_id = $1 AND shredded_at IS NULL").execute(Tuple.of(homeId, now()))))
                .invoke(() -> forgetHome(homeId))
                .chain(() -> homeKey(homeId, false));
    }

    /** A session's key for reading (or after a lost insert race); never creates one. */
    private Uni<Optional<SecretKey>> sessionKey(UUID sessionId) {
        SessionSlot cached = sessions.get(sessionId);
        if (cached != null) {
            return Uni.createFrom().item(cached.key());
        }
        return pool.preparedQuery("SELECT home_id, wrapped_key FROM session_keys WHERE session_id = $1")
                .execute(Tuple.of(sessionId)).chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(Optional.<SecretKey>empty());
                    }
                    Row row = rows.iterator().next();
                    UUID home = row.getUUID("home_id");
                    Buffer wrapped = row.getBuffer("wrapped_key");
                    if (wrapped == null) {
                        return rememberSession(sessionId, home, Optional.empty());
                    }
                    return homeKey(home, false).chain(homeKey -> rememberSession(sessionId, home,
                            homeKey.flatMap(k -> unwrapSessionKey(k, sessionId, wrapped.getBytes()))));
                });
    }

    private static Optional<SecretKey> unwrapSessionKey(SecretKey homeKey, UUID sessionId, byte[] wrapped) {
        try {
            return Optional.of(Aead.key(Aead.open(homeKey, wrapped, sessionAad(sessionId))));
        } catch (KeyUnavailableException e) {
            return Optional.empty(); // wrapped under an earlier home key (ephemeral master key re-keyed)
        }
    }

    private static byte[] sessionAad(UUID sessionId) {
        byte[] id = Aead.bytes(sessionId);
        byte[] aad = new byte[SESSION_AAD.length + id.length];
        System.arraycopy(SESSION_AAD, 0, aad, 0, SESSION_AAD.length);
        System.arraycopy(id, 0, aad, SESSION_AAD.length, id.length);
        return aad;
    }

    private Uni<Optional<SecretKey>> remember(UUID homeId, Optional<SecretKey> key) {
        homes.put(homeId, key);
        return Uni.createFrom().item(key);
    }

    private Uni<Optional<SecretKey>> rememberSession(UUID sessionId, UUID homeId, Optional<SecretKey> key) {
        return Uni.createFrom().item(remembered(sessionId, homeId, key));
    }

    private Optional<SecretKey> remembered(UUID sessionId, UUID homeId, Optional<SecretKey> key) {
        sessions.put(sessionId, new SessionSlot(homeId, key));
        return key;
    }

    private java.time.OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    static Map<UUID, UUID> chainsOf(List<io.chaperone.audit.AuditRecord> records) {
        Map<UUID, UUID> chains = new HashMap<>();
        records.forEach(r -> chains.putIfAbsent(r.chainId(), r.homeId()));
        return chains;
    }
}
