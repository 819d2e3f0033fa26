package io.chaperone.trust.device;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Vendor signatures over firmware (docs/device-trust.md): Ed25519 over the UTF-8 bytes of
 * {@code "chaperone-firmware-v1\n" + artifactSha256 + "\n" + model + "\n" + version}; keys and signatures in
 * base64 (keys as the raw 32 bytes). Versions compare numerically by dot-separated parts.
 */
public final class FirmwareSignature {

    /** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private FirmwareSignature() {
    }

    public static byte[] signedBytes(String artifactSha256, String model, String version) {
        return ("chaperone-firmware-v1\n" + artifactSha256 + "\n" + model + "\n" + version).getBytes(StandardCharsets.UTF_8);
    }

    /** An Ed25519 key from its raw 32 bytes in base64; throws IllegalArgumentException for anything else. */
    public static PublicKey publicKey(String rawBase64) {
        byte[] raw = Base64.getDecoder().decode(rawBase64);
        if (raw.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
        }
        byte[] spki = new byte[SPKI_PREFIX.length + raw.length];
        System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, raw.length);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    /** The raw 32 bytes (base64) of an Ed25519 public key, as vendors publish it. */
    public static String raw(PublicKey key) {
        byte[] spki = key.getEncoded();
        byte[] raw = new byte[32];
        System.arraycopy(spki, spki.length - 32, raw, 0, 32);
        return Base64.getEncoder().encodeToString(raw);
    }

    public static String sign(PrivateKey vendorKey, String artifactSha256, String model, String version) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(vendorKey);
            signature.update(signedBytes(artifactSha256, model, version));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign firmware", e);
        }
    }

    public static boolean verify(PublicKey vendorKey, String artifactSha256, String model, String version, String sigBase64) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(vendorKey);
            signature.update(signedBytes(artifactSha256, model, version));
            return signature.verify(Base64.getDecoder().decode(sigBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Numeric comparison of dot-separated versions ("1.10.0" > "1.9.3"); a non-numeric part compares as text. */
    public static int compareVersions(String a, String b) {
        String[] left = a.split("\\.");
        String[] right = b.split("\\.");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            String l = i < left.length ? left[i] : "0";
            String r = i < right.length ? right[i] : "0";
            int order = l.matches("\\d{1,9}") && r.matches("\\d{1,9}")
                    ? Integer.compare(Integer.parseInt(l), Integer.parseInt(r)) : l.compareTo(r);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }
}
