package io.chaperone.simulator;

import io.chaperone.trust.device.DeviceTrustFiles;
import io.chaperone.trust.device.Evidence;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The hub's attester: answers {@code attest.challenge} with evidence signed by its device key. It can lie on
 * purpose for tests and demos: {@link Mode#TAMPERED} reports a modified agent, {@link Mode#FOREIGN_KEY} signs
 * with a key that is not the enrolled one, {@link Mode#HOLD} keeps the nonce and answers only on {@link #release()}.
 */
public final class HubAttester implements Function<String, JsonObject> {

    public enum Mode { GENUINE, TAMPERED, FOREIGN_KEY, HOLD }

    private final DeviceIdentity identity;
    private final String model;
    private final String firmware;
    private final PrivateKey foreignKey = DeviceTrustFiles.newKeyPair().getPrivate();
    private volatile Mode mode = Mode.GENUINE;
    private volatile String heldNonce;
    private volatile JsonObject lastEvidence;

    public HubAttester(DeviceIdentity identity, String model, String firmware) {
        this.identity = identity;
        this.model = model;
        this.firmware = firmware;
    }

    /** The vendor's reference values of a genuine hub (what ops registers as the baseline). */
    public static Map<String, String> referenceMeasurements(String model, String firmware) {
        Map<String, String> measurements = new LinkedHashMap<>();
        for (String part : new String[] {"boot", "os", "agent"}) {
            measurements.put(part, sha256(model + "/" + firmware + "/" + part));
        }
        return measurements;
    }

    public HubAttester mode(Mode mode) {
        this.mode = mode;
        return this;
    }

    /** Answers a challenge; in {@link Mode#HOLD} remembers the nonce and sends nothing (null). */
    @Override
    public JsonObject apply(String nonce) {
        if (mode == Mode.HOLD) {
            heldNonce = nonce;
            return null;
        }
        return evidence(nonce, mode);
    }

    /** Genuine evidence for the held nonce, to send late. */
    public JsonObject release() {
        return evidence(heldNonce, Mode.GENUINE);
    }

    public String heldNonce() { return heldNonce; }

    /** The last evidence this attester produced (replay tests). */
    public JsonObject lastEvidence() { return lastEvidence == null ? null : lastEvidence.copy(); }

    private JsonObject evidence(String nonce, Mode how) {
        Map<String, String> measurements = referenceMeasurements(model, firmware);
        if (how == Mode.TAMPERED) {
            measurements.put("agent", sha256("a patched agent"));
        }
        PrivateKey key = how == Mode.FOREIGN_KEY ? foreignKey : identity.keys().getPrivate();
        String sig = Evidence.sign(key, Evidence.canonical(nonce, identity.hubId(), firmware, measurements));
        JsonObject measured = new JsonObject();
        measurements.forEach(measured::put);
        JsonObject evidence = new JsonObject().put("type", "attest.evidence").put("nonce", nonce).put("firmware", firmware)
                .put("measurements", measured).put("sig", sig);
        lastEvidence = evidence;
        return evidence.copy();
    }

    private static String sha256(String text) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
