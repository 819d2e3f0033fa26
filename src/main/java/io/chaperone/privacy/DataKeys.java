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
    Pool pool;
    @Inject
    KeyWrapper wrapper;
    @Inject
    PrivacyConfig config;
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
     * Resolves the sealing key of every chain (chain id → home id): the homes' keys one after the other (a
     * batch rarely spans many homes), then all uncached session keys with one SELECT and one INSERT.
     */
    Uni<Map<UUID, Target>> forSealing(Map<UUID, UUID> chains) {
        return hubs(chains).chain(hubSet -> Multi.createFrom().iterable(new LinkedHashSet<>(chains.values()))
                .onItem().transformToUniAndConcatenate(home -> homeKey(home, true).map(key -> Map.entry(home, key)))
                .collect().asMap(Map.Entry::getKey, Map.Entry::getValue)
                .chain(homeKeys -> {
                    Map<UUID, Optional<SecretKey>> sessionKeys = new HashMap<>();
                    Map<UUID, UUID> missing = new HashMap<>();
                    chains.forEach((chain, home) -> {
                        if (!hubSet.contains(chain) && !chain.equals(home)) {
                            SessionSlot slot = sessions.get(chain);
                            if (slot != null) {
                                sessionKeys.put(chain, slot.key());
                            } else {
                                missing.put(chain, home);
                            }
                        }
                    });
                    return sessionKeys(missing, homeKeys).map(loaded -> {
                        sessionKeys.putAll(loaded);
                        Map<UUID, Target> targets = new HashMap<>();
                        chains.forEach((chain, home) -> targets.put(chain, sessionKeys.containsKey(chain)
                                ? new Target(KeyRef.session(chain), sessionKeys.get(chain))
                                : new Target(KeyRef.home(home), homeKeys.get(home))));
                        return targets;
                    });
                }));
    }

    /** Loads (or creates) the keys of sessions not in the cache: one SELECT, one INSERT for those missing. */
    private Uni<Map<UUID, Optional<SecretKey>>> sessionKeys(Map<UUID, UUID> sessionHomes,
                                                          Map<UUID, Optional<SecretKey>> homeKeys) {
        if (sessionHomes.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("SELECT session_id, home_id, wrapped_key FROM session_keys WHERE session_id = ANY($1)")
                .execute(Tuple.tuple().addArrayOfUUID(sessionHomes.keySet().toArray(UUID[]::new))).chain(rows -> {
                    Map<UUID, Optional<SecretKey>> found = new HashMap<>();
                    List<UUID> elsewhere = new ArrayList<>();
                    for (Row row : rows) {
                        UUID session = row.getUUID("session_id");
                        UUID home = row.getUUID("home_id");
                        Buffer wrapped = row.getBuffer("wrapped_key");
                        if (wrapped == null) {
                            found.put(session, remembered(session, home, Optional.empty()));
                        } else if (homeKeys.containsKey(home)) {
                            found.put(session, remembered(session, home, homeKeys.get(home)
                                    .flatMap(k -> unwrapSessionKey(k, session, wrapped.getBytes()))));
                        } else {
                            elsewhere.add(session); // stored under another home than the record names: rare
                        }
                    }
                    Map<UUID, UUID> create = new HashMap<>(sessionHomes);
                    create.keySet().removeAll(found.keySet());
                    create.keySet().removeAll(elsewhere);
                    return createSessionKeys(create, homeKeys).chain(created -> {
                        found.putAll(created);
                        return Multi.createFrom().iterable(elsewhere).onItem().transformToUniAndConcatenate(
                                        session -> sessionKey(session).map(k -> Map.entry(session, k)))
                                .collect().asMap(Map.Entry::getKey, Map.Entry::getValue)
                                .map(rest -> {
                                    found.putAll(rest);
                                    return found;
                                });
                    });
                });
    }

    private Uni<Map<UUID, Optional<SecretKey>>> createSessionKeys(Map<UUID, UUID> sessionHomes,
                                                                Map<UUID, Optional<SecretKey>> homeKeys) {
        Map<UUID, Optional<SecretKey>> result = new HashMap<>();
        Map<UUID, SecretKey> fresh = new HashMap<>();
        List<UUID> ids = new ArrayList<>();
        List<UUID> homesOf = new ArrayList<>();
        List<io.vertx.core.buffer.Buffer> wrapped = new ArrayList<>();
        sessionHomes.forEach((session, home) -> {
            Optional<SecretKey> homeKey = homeKeys.get(home);
            if (homeKey.isEmpty()) {
                result.put(session, remembered(session, home, Optional.empty())); // the home was erased
                return;
            }
            SecretKey key = Aead.newKey();
            fresh.put(session, key);
            ids.add(session);
            homesOf.add(home);
            wrapped.add(io.vertx.core.buffer.Buffer.buffer(Aead.seal(homeKey.get(), key.getEncoded(), sessionAad(session))));
        });
        if (ids.isEmpty()) {
            return Uni.createFrom().item(result);
        }
        return pool.preparedQuery("INSERT INTO session_keys (session_id, home_id, wrapped_key, created_at) "
                        + "SELECT s, h, k, $4 FROM unnest($1::uuid[], $2::uuid[], $3::bytea[]) AS t(s, h, k) "
                        + "ON CONFLICT (session_id) DO NOTHING RETURNING session_id")
                .execute(Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new)).addArrayOfUUID(homesOf.toArray(UUID[]::new))
                        .addValue(wrapped.toArray(io.vertx.core.buffer.Buffer[]::new)).addValue(now()))
                .chain(rows -> {
                    for (Row row : rows) {
                        UUID session = row.getUUID(0);
                        result.put(session, remembered(session, sessionHomes.get(session), Optional.of(fresh.get(session))));
                    }
                    // Lost a race with another node: read what it stored.
                    List<UUID> raced = ids.stream().filter(id -> !result.containsKey(id)).toList();
                    return Multi.createFrom().iterable(raced).onItem().transformToUniAndConcatenate(
                                    session -> sessionKey(session).map(k -> Map.entry(session, k)))
                            .collect().asMap(Map.Entry::getKey, Map.Entry::getValue)
                            .map(rest -> {
                                result.putAll(rest);
                                return result;
                            });
                });
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

    /** Forgets a session's cached key (after retention shredded it). */
    public void forgetSession(UUID sessionId) {
        sessions.remove(sessionId);
    }

    /** The chains of the batch that are hubs' (a session's id is not known as a session until its row commits). */
    private Uni<Set<UUID>> hubs(Map<UUID, UUID> chains) {
        Set<UUID> hubs = new java.util.HashSet<>();
        List<UUID> unknown = new ArrayList<>();
        chains.forEach((chain, home) -> {
            Boolean known = chain.equals(home) ? Boolean.FALSE : hubChains.get(chain);
            if (known == null) {
                unknown.add(chain);
            } else if (known) {
                hubs.add(chain);
            }
        });
        if (unknown.isEmpty()) {
            return Uni.createFrom().item(hubs);
        }
        return pool.preparedQuery("SELECT id FROM hubs WHERE id = ANY($1)")
                .execute(Tuple.tuple().addArrayOfUUID(unknown.toArray(UUID[]::new))).map(rows -> {
                    Set<UUID> found = new java.util.HashSet<>();
                    rows.forEach(row -> found.add(row.getUUID(0)));
                    for (UUID chain : unknown) {
                        hubChains.put(chain, found.contains(chain));
                    }
                    hubs.addAll(found);
                    return hubs;
                });
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
                    if (!wrapper.id().equals(row.getString("wrapper_id"))) {
                        return foreignWrapper(homeId, row.getString("wrapper_id"), create);
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
