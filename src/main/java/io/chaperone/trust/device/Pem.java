package io.chaperone.trust.device;

import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/** PEM and DER helpers for certificates, PKCS#8 keys and CSRs (EC P-256; device keys may also be Ed25519). */
public final class Pem {

    private static final String ED25519 = "Ed25519";

    private Pem() {
    }

    public static String certificate(X509Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateException e) {
            throw new IllegalStateException("certificate cannot be encoded", e);
        }
    }

    public static String privateKey(PrivateKey key) {
        return block("PRIVATE KEY", key.getEncoded());
    }

    public static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    public static X509Certificate parseCertificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("not an X.509 certificate", e);
        }
    }

    /** A PKCS#8 EC private key. */
    public static PrivateKey parsePrivateKey(String pem) {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PKCS#8 EC private key", e);
        }
    }

    /** A PKCS#10 request, or empty for anything else (never throws on bad input). */
    public static Optional<PKCS10CertificationRequest> parseCsr(String pem) {
        if (pem == null || pem.isBlank()) {
            return Optional.empty();
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return parser.readObject() instanceof PKCS10CertificationRequest csr ? Optional.of(csr) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A device key (EC P-256 or Ed25519) from its base64 SubjectPublicKeyInfo. */
    public static PublicKey publicKey(String spkiBase64) {
        try {
            byte[] der = Base64.getDecoder().decode(spkiBase64);
            boolean edwards = EdECObjectIdentifiers.id_Ed25519.equals(SubjectPublicKeyInfo.getInstance(der).getAlgorithm().getAlgorithm());
            return KeyFactory.getInstance(edwards ? ED25519 : "EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an EC or Ed25519 public key", e);
        }
    }

    /** The signature a device key makes: Ed25519, or ECDSA with SHA-256. */
    public static String signatureAlgorithm(Key key) {
        return ED25519.equals(key.getAlgorithm()) || "EdDSA".equals(key.getAlgorithm()) ? ED25519 : "SHA256withECDSA";
    }

    /** Lowercase hex SHA-256 of the certificate's DER encoding. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("certificate cannot be hashed", e);
        }
    }

    private static byte[] der(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no " + type + " block");
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }
}
