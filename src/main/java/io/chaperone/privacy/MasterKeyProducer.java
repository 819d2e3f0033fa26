package io.chaperone.privacy;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The default {@link KeyWrapper}: the local one, keyed by {@code chaperone.privacy.master-key}. Without a
 * configured key it generates an ephemeral one where that is allowed (demo, test) and refuses otherwise,
 * so production never runs on a key that vanishes with the process.
 */
@ApplicationScoped
public class MasterKeyProducer {

    private static final Logger LOG = Logger.getLogger(MasterKeyProducer.class);

    @Produces
    @DefaultBean
    @ApplicationScoped
    KeyWrapper keyWrapper(PrivacyConfig config) {
        return new LocalKeyWrapper(masterKey(config));
    }

    static byte[] masterKey(PrivacyConfig config) {
        if (config.masterKey().isPresent()) {
            return decode(config.masterKey().get(), "chaperone.privacy.master-key");
        }
        if (!config.ephemeralMasterKey()) {
            throw new IllegalStateException("refusing to start: chaperone.privacy.master-key is not configured "
                    + "(base64 of 32 random bytes, e.g. from a Kubernetes secret)");
        }
        LOG.info("Personal data is encrypted under an ephemeral master key (code=privacy.ephemeral_master_key): "
                + "it lives only as long as this process; configure chaperone.privacy.master-key to keep data readable");
        byte[] key = new byte[Aead.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** The replaced master keys ({@code chaperone.privacy.previous-master-keys}), each checked like the current one. */
    static List<byte[]> previousMasterKeys(PrivacyConfig config) {
        return config.previousMasterKeys().orElse(List.of()).stream()
                .map(key -> decode(key, "chaperone.privacy.previous-master-keys")).toList();
    }

    private static byte[] decode(String base64, String property) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not base64");
        }
        if (key.length != Aead.KEY_BYTES) {
            throw new IllegalStateException(property + " must be base64 of 32 bytes");
        }
        return key;
    }
}
