package io.chaperone.trust;

import io.chaperone.trust.device.Pem;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the key ring's keys come from: generated in memory, or read from a file or a directory of
 * {@code *.pem} (PKCS#8, what {@code openssl genpkey} and {@code admin init-keys} write, one key per file)
 * and {@code *.json} (a JWK or JWK set) files: files in name order, keys in set order; the last one signs.
 * Error messages name the file, never key material.
 */
final class SigningKeyFiles {

    private SigningKeyFiles() {
    }

    static EllipticCurveJsonWebKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            var pair = generator.generateKeyPair();
            return jwk((ECPublicKey) pair.getPublic(), pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available", e);
        }
    }

    private static EllipticCurveJsonWebKey jwk(ECPublicKey publicKey, PrivateKey privateKey) {
        EllipticCurveJsonWebKey jwk = new EllipticCurveJsonWebKey(publicKey);
        jwk.setPrivateKey(privateKey);
        jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
        return jwk;
    }

    /** All keys at {@code location}, in order; fails on anything but private EC P-256 keys. */
    static List<EllipticCurveJsonWebKey> read(Path location) {
        List<EllipticCurveJsonWebKey> keys = new ArrayList<>();
        for (Path file : files(location)) {
            for (JsonWebKey jwk : parse(file)) {
                keys.add(checked(jwk, file));
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("no signing key found at " + location);
        }
        return keys;
    }

    private static List<Path> files(Path location) {
        if (!Files.isDirectory(location)) {
            return List.of(location);
        }
        try (Stream<Path> entries = Files.list(location)) {
            return entries.filter(SigningKeyFiles::isKeyFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list signing keys in " + location, e);
        }
    }

    /** Kubernetes mounts a Secret's keys next to {@code ..data} symlinks: only the key files themselves count. */
    private static boolean isKeyFile(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && (name.endsWith(".json") || name.endsWith(".pem"));
    }

    private static List<JsonWebKey> parse(Path file) {
        try {
            String text = Files.readString(file);
            if (text.contains("-----BEGIN")) {
                return List.of(fromPem(text, file));
            }
            return text.contains("\"keys\"") ? new JsonWebKeySet(text).getJsonWebKeys()
                    : List.of(JsonWebKey.Factory.newJwk(text));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read signing keys from " + file, e);
        } catch (JoseException e) {
            throw new IllegalStateException("not a JWK or JWK set: " + file);
        }
    }

    /** A PKCS#8 P-256 private key; its public key is derived (Q = d·G), whether or not the file carries it. */
    private static EllipticCurveJsonWebKey fromPem(String pem, Path file) {
        try {
            ECPrivateKey key = (ECPrivateKey) Pem.parsePrivateKey(pem);
            var curve = ECNamedCurveTable.getParameterSpec("secp256r1");
            if (!curve.getN().equals(key.getParams().getOrder())) {
                throw new GeneralSecurityException("not P-256");
            }
            var q = curve.getG().multiply(key.getS()).normalize();
            ECPoint point = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
            ECPublicKey publicKey = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, key.getParams()));
            return jwk(publicKey, key);
        } catch (IllegalArgumentException | ClassCastException | GeneralSecurityException e) {
            throw new IllegalStateException("signing keys must be private EC P-256 keys (PKCS#8 PEM or JWK): " + file);
        }
    }

    private static EllipticCurveJsonWebKey checked(JsonWebKey jwk, Path file) {
        if (!(jwk instanceof EllipticCurveJsonWebKey ec) || !EllipticCurves.P_256.equals(ec.getCurveName())
                || ec.getPrivateKey() == null) {
            throw new IllegalStateException("signing keys must be private EC P-256 JWKs: " + file);
        }
        if (ec.getKeyId() == null || ec.getKeyId().isBlank()) {
            ec.setKeyId(ec.calculateBase64urlEncodedThumbprint("SHA-256"));
        }
        return ec;
    }
}
