package io.chaperone.trust;

import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the key ring's keys come from: generated in memory, or read from a JWK / JWK-set file or a
 * directory of {@code *.json} files (files in name order, keys in set order; the last one signs).
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
            EllipticCurveJsonWebKey jwk = new EllipticCurveJsonWebKey((java.security.interfaces.ECPublicKey) pair.getPublic());
            jwk.setPrivateKey(pair.getPrivate());
            jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
            return jwk;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available", e);
        }
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
            return entries.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list signing keys in " + location, e);
        }
    }

    private static List<JsonWebKey> parse(Path file) {
        try {
            String json = Files.readString(file);
            return json.contains("\"keys\"") ? new JsonWebKeySet(json).getJsonWebKeys()
                    : List.of(JsonWebKey.Factory.newJwk(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read signing keys from " + file, e);
        } catch (JoseException e) {
            throw new IllegalStateException("not a JWK or JWK set: " + file);
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
