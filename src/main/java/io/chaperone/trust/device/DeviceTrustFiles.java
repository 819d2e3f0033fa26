package io.chaperone.trust.device;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The device CA and the hub listener's server certificate as files, generated for the embedded default and
 * the tests (production configures its own). The TLS registry reads them when Quarkus starts, so they must
 * exist before: {@code ChaperoneMain} and the test launcher call {@link #ensure(Path)} first.
 */
public final class DeviceTrustFiles {

    public static final String CA_CERT = "device-ca.pem";
    public static final String CA_KEY = "device-ca-key.pem";
    public static final String SERVER_CERT = "hub-listener.pem";
    public static final String SERVER_KEY = "hub-listener-key.pem";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration CA_LIFETIME = Duration.ofDays(3650);

    private DeviceTrustFiles() {
    }

    /**
     * Creates the four files in {@code directory} unless all exist; returns the {@code chaperone.devices.*}
     * properties that point at them.
     */
    public static synchronized Map<String, String> ensure(Path directory) {
        try {
            Files.createDirectories(directory);
            boolean complete = Files.exists(directory.resolve(CA_CERT)) && Files.exists(directory.resolve(CA_KEY))
                    && Files.exists(directory.resolve(SERVER_CERT)) && Files.exists(directory.resolve(SERVER_KEY));
            if (!complete) {
                generate(directory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("device trust files cannot be written to " + directory, e);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("chaperone.devices.ca-cert-location", directory.resolve(CA_CERT).toAbsolutePath().toString());
        properties.put("chaperone.devices.ca-key-location", directory.resolve(CA_KEY).toAbsolutePath().toString());
        properties.put("chaperone.devices.server-cert-location", directory.resolve(SERVER_CERT).toAbsolutePath().toString());
        properties.put("chaperone.devices.server-key-location", directory.resolve(SERVER_KEY).toAbsolutePath().toString());
        return properties;
    }

    private static void generate(Path directory) throws IOException {
        Instant now = Instant.now();
        KeyPair ca = newKeyPair();
        X509Certificate caCert = selfSignedCa("CN=Chaperone device CA (generated)", ca, now, now.plus(CA_LIFETIME));
        KeyPair server = newKeyPair();
        X509Certificate serverCert = serverCertificate(caCert, ca.getPrivate(), server.getPublic(), now, now.plus(CA_LIFETIME));
        write(directory.resolve(CA_KEY), Pem.privateKey(ca.getPrivate()));
        write(directory.resolve(CA_CERT), Pem.certificate(caCert));
        write(directory.resolve(SERVER_KEY), Pem.privateKey(server.getPrivate()));
        write(directory.resolve(SERVER_CERT), Pem.certificate(serverCert));
    }

    private static void write(Path file, String content) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        Files.writeString(temp, content);
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available", e);
        }
    }

    /** A CA certificate (also used by tests to make a foreign CA). */
    public static X509Certificate selfSignedCa(String subject, KeyPair keys, Instant notBefore, Instant notAfter) {
        try {
            X500Name name = new X500Name(subject);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(notBefore.minusSeconds(60)),
                    Date.from(notAfter), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            return sign(builder, keys.getPrivate());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("CA certificate cannot be built", e);
        }
    }

    private static X509Certificate serverCertificate(X509Certificate ca, PrivateKey caKey, PublicKey key, Instant notBefore,
                                                     Instant notAfter) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(notBefore.minusSeconds(60)),
                    Date.from(notAfter), new X500Name("CN=localhost"), key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.dNSName, "localhost"),
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            return sign(builder, caKey);
        } catch (IOException e) {
            throw new IllegalStateException("server certificate cannot be built", e);
        }
    }

    static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("certificate cannot be signed", e);
        }
    }

    /** A positive 127-bit random serial (RFC 5280: at most 20 octets, unpredictable). */
    static BigInteger serial() {
        return new BigInteger(127, RANDOM).setBit(126);
    }
}
