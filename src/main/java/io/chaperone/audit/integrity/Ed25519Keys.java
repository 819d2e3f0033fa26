package io.chaperone.audit.integrity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Ed25519 with the JDK alone: raw public keys, JWKs (RFC 8037), thumbprints (RFC 7638), PKCS#8 PEM. */
public final class Ed25519Keys {

    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private Ed25519Keys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        }
    }

    /**
     * Reads a PKCS#8 PEM private key and derives its public key: the JDK's generator turns 32 bytes of
     * "randomness" into the private key seed, so feeding it the seed yields the same pair.
     */
    public static KeyPair fromPkcs8Pem(String pem) throws GeneralSecurityException {
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        byte[] seed = ((EdECPrivateKey) key).getBytes().orElseThrow(() -> new GeneralSecurityException("no Ed25519 seed"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
            }
        });
        KeyPair pair = generator.generateKeyPair();
        byte[] probe = "chaperone-checkpoint-key-check".getBytes(StandardCharsets.US_ASCII);
        if (!verify(pair.getPublic(), probe, sign(key, probe))) {
            throw new GeneralSecurityException("the derived Ed25519 public key does not match the private key");
        }
        return new KeyPair(pair.getPublic(), key);
    }

    public static byte[] raw(PublicKey key) {
        byte[] spki = key.getEncoded();
        return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    }

    public static PublicKey publicKey(byte[] raw) {
        try {
            byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + raw.length);
            System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, raw.length);
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    /** RFC 7638 thumbprint of the OKP JWK: SHA-256 of {"crv","kty","x"} in that order, base64url. */
    public static String thumbprint(byte[] raw) {
        String json = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + B64URL.encodeToString(raw) + "\"}";
        return B64URL.encodeToString(ChainHash.sha256().digest(json.getBytes(StandardCharsets.US_ASCII)));
    }

    public static Map<String, Object> jwk(byte[] raw) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "OKP");
        jwk.put("crv", "Ed25519");
        jwk.put("x", B64URL.encodeToString(raw));
        jwk.put("kid", thumbprint(raw));
        jwk.put("use", "sig");
        jwk.put("alg", "EdDSA");
        return jwk;
    }

    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    public static boolean verify(PublicKey key, byte[] data, byte[] sig) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(data);
            return signature.verify(sig);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
