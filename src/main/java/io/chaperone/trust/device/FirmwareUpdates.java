package io.chaperone.trust.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.policy.FirmwareCheck;
import io.chaperone.policy.DenyReason;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's check of a {@code firmware.update} before it is audited and forwarded: a vendor signature for
 * the target device's model and no downgrade. Vendor keys are cached in memory (a map swapped whole), reloaded
 * when ops adds one and every minute (other nodes' additions), so the command path never reads the database.
 */
@ApplicationScoped
public class FirmwareUpdates implements FirmwareCheck {

    private static final Logger LOG = Logger.getLogger(FirmwareUpdates.class);
    private static final long RELOAD_MILLIS = 60_000;

    private volatile Map<String, List<PublicKey>> keysByModel = Map.of();

    @Inject
    Vertx vertx;
    @Inject
    Pool pool;

    void onStart(@Observes StartupEvent event) {
        reload().subscribe().with(v -> { }, e -> LOG.warnf("vendor keys not loaded: %s", e.getClass().getSimpleName()));
        vertx.setPeriodic(RELOAD_MILLIS, id -> reload().subscribe().with(v -> { },
                e -> LOG.warnf("vendor keys not reloaded: %s", e.getClass().getSimpleName())));
    }

    /** Re-reads every vendor key and swaps the cache (plain reactive client: it also runs from a timer). */
    public Uni<Void> reload() {
        return pool.query("SELECT model, public_key FROM vendor_keys").execute().invoke(rows -> {
            Map<String, List<PublicKey>> next = new HashMap<>();
            for (Row row : rows) {
                next.computeIfAbsent(row.getString("model"), m -> new ArrayList<>())
                        .add(FirmwareSignature.publicKey(row.getString("public_key")));
            }
            next.replaceAll((model, keys) -> List.copyOf(keys));
            keysByModel = Map.copyOf(next);
        }).replaceWithVoid();
    }

    /** {@link #judge} with the signature fields read from a command's arguments. */
    @Override
    public DenyReason refusal(String model, String installed, ObjectNode args) {
        return judge(model, installed, text(args, "artifactSha256"), text(args, "version"), text(args, "signature"));
    }

    private static String text(ObjectNode args, String name) {
        JsonNode value = args == null ? null : args.get(name);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    /**
     * Why this update must not be forwarded to a device of {@code model} running {@code installed}, or null when
     * it may. Arguments as sent by the technician: {@code artifactSha256}, {@code version}, {@code signature}.
     */
    public DenyReason judge(String model, String installed, String artifactSha256, String version, String signature) {
        if (signature == null || signature.isBlank() || artifactSha256 == null || version == null || model == null) {
            return DenyReason.UPDATE_UNSIGNED;
        }
        Map<String, List<PublicKey>> keys = keysByModel;
        if (verifiesFor(keys.getOrDefault(model, List.of()), artifactSha256, model, version, signature)) {
            return installed != null && FirmwareSignature.compareVersions(version, installed) < 0
                    ? DenyReason.UPDATE_DOWNGRADE : null;
        }
        for (Map.Entry<String, List<PublicKey>> other : keys.entrySet()) {
            if (!other.getKey().equals(model)
                    && verifiesFor(other.getValue(), artifactSha256, other.getKey(), version, signature)) {
                return DenyReason.UPDATE_WRONG_MODEL;
            }
        }
        return DenyReason.UPDATE_SIGNATURE_INVALID;
    }

    private static boolean verifiesFor(List<PublicKey> keys, String sha, String model, String version, String signature) {
        for (PublicKey key : keys) {
            if (FirmwareSignature.verify(key, sha, model, version, signature)) {
                return true;
            }
        }
        return false;
    }
}
