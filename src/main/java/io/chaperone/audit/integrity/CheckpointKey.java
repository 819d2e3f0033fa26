package io.chaperone.audit.integrity;

import io.chaperone.audit.AuditConfig;
import io.chaperone.trust.PublishedKeySource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's Ed25519 checkpoint key: read from {@code chaperone.audit.checkpoint-key-location} (PKCS#8
 * PEM) or generated at start. A generated key lives as long as the process: every node and every restart
 * signs with its own key, which is fine because each checkpoint names its key and every public key is kept
 * in {@code audit_checkpoint_keys}. Published in the JWKS with the older keys seen in that table.
 */
@ApplicationScoped
public class CheckpointKey implements PublishedKeySource {

    private static final Logger LOG = Logger.getLogger(CheckpointKey.class);

    @Inject
    AuditConfig config;

    private volatile KeyPair pair;
    private volatile byte[] raw;
    private volatile String keyId;
    /** Older public keys (raw) by key id, as read from audit_checkpoint_keys. */
    private final Map<String, byte[]> known = new ConcurrentHashMap<>();

    void onStart(@Observes StartupEvent event) {
        load();
    }

    synchronized void load() {
        if (pair != null) {
            return;
        }
        Optional<String> location = config.checkpointKeyLocation().filter(s -> !s.isBlank());
        try {
            pair = location.isPresent() ? Ed25519Keys.fromPkcs8Pem(Files.readString(Path.of(location.get()))) : Ed25519Keys.generate();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // the path may be secret-ish, the key certainly is: neither goes to the log
            throw new IllegalStateException("chaperone.audit.checkpoint-key-location is not a readable PKCS#8 Ed25519 key ("
                    + e.getClass().getSimpleName() + ")");
        }
        raw = Ed25519Keys.raw(pair.getPublic());
        keyId = Ed25519Keys.thumbprint(raw);
        LOG.infof("audit checkpoint key %s (%s)", keyId, location.isPresent() ? "configured" : "generated at start");
    }

    public String keyId() {
        load();
        return keyId;
    }

    public byte[] publicKeyRaw() {
        load();
        return raw.clone();
    }

    public byte[] sign(byte[] data) {
        load();
        return Ed25519Keys.sign(pair.getPrivate(), data);
    }

    /** Remembers public keys read from the table, so the JWKS lists them too. */
    public void remember(Map<String, byte[]> keys) {
        known.putAll(keys);
    }

    @Override
    public List<Map<String, Object>> publishedKeys() {
        load();
        List<Map<String, Object>> keys = new ArrayList<>();
        keys.add(Ed25519Keys.jwk(raw));
        known.forEach((kid, key) -> {
            if (!kid.equals(keyId)) {
                keys.add(Ed25519Keys.jwk(key));
            }
        });
        return keys;
    }
}
