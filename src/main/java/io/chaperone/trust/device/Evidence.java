package io.chaperone.trust.device;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The bytes a hub signs for attestation (docs/device-trust.md), so that both sides agree without a JSON
 * canonicalisation: UTF-8 of {@code "chaperone-attest-v1\n" + nonce + "\n" + hubId + "\n" + firmware + "\n"}
 * followed by one {@code name=value\n} line per measurement, sorted by name. Signed with the device key: ECDSA
 * P-256 with SHA-256 (DER) or Ed25519, base64.
 */
public final class Evidence {

    private Evidence() {
    }

    public static byte[] canonical(String nonce, UUID hubId, String firmware, Map<String, String> measurements) {
        StringBuilder text = new StringBuilder("chaperone-attest-v1\n").append(nonce).append('\n').append(hubId)
                .append('\n').append(firmware).append('\n');
        new TreeMap<>(measurements).forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static String sign(PrivateKey deviceKey, byte[] canonical) {
        try {
            Signature signature = Signature.getInstance(Pem.signatureAlgorithm(deviceKey));
            signature.initSign(deviceKey);
            signature.update(canonical);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("evidence cannot be signed", e);
        }
    }

    public static boolean verify(PublicKey deviceKey, byte[] canonical, String signatureBase64) {
        try {
            Signature signature = Signature.getInstance(Pem.signatureAlgorithm(deviceKey));
            signature.initVerify(deviceKey);
            signature.update(canonical);
            return signature.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
