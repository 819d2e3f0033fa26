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
import java.nio.file.StandardCopyOption;
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
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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
    private static final Duration LISTENER_LIFETIME = Duration.ofDays(397);
    private static final List<String> LOCAL_NAMES = List.of("localhost", "127.0.0.1");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

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
        generate(directory, LOCAL_NAMES);
    }

    /**
     * Writes a new device CA and a hub listener certificate it signs for {@code listenerNames} (DNS names or IP
     * addresses; the first is the subject's CN). Every file is created 0600 (temporary file, then an atomic move).
     */
    public static void generate(Path directory, List<String> listenerNames) throws IOException {
        Instant now = Instant.now();
        KeyPair ca = newKeyPair();
        X509Certificate caCert = selfSignedCa("CN=Chaperone device CA (generated)", ca, now, now.plus(CA_LIFETIME));
        write(directory.resolve(CA_KEY), Pem.privateKey(ca.getPrivate()));
        write(directory.resolve(CA_CERT), Pem.certificate(caCert));
        issueListener(directory, caCert, ca.getPrivate(), listenerNames, now);
    }

    /** Replaces the hub listener's key and certificate with new ones from the device CA already in {@code directory}. */
    public static void reissueListener(Path directory, List<String> listenerNames) throws IOException {
        X509Certificate caCert = Pem.parseCertificate(Files.readString(directory.resolve(CA_CERT)));
        PrivateKey caKey = Pem.parsePrivateKey(Files.readString(directory.resolve(CA_KEY)));
        issueListener(directory, caCert, caKey, listenerNames, Instant.now());
    }

    private static void issueListener(Path directory, X509Certificate caCert, PrivateKey caKey, List<String> names,
                                      Instant now) throws IOException {
        KeyPair server = newKeyPair();
        X509Certificate serverCert = serverCertificate(caCert, caKey, server.getPublic(), names, now,
                now.plus(LISTENER_LIFETIME));
        write(directory.resolve(SERVER_KEY), Pem.privateKey(server.getPrivate()));
        write(directory.resolve(SERVER_CERT), Pem.certificate(serverCert));
    }

    /** Creates or replaces {@code file} with mode 0600 (what {@link Files#createTempFile} gives on POSIX). */
    public static void write(Path file, String content) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        Files.writeString(temp, content);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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

    private static X509Certificate serverCertificate(X509Certificate ca, PrivateKey caKey, PublicKey key, List<String> names,
                                                     Instant notBefore, Instant notAfter) {
        try {
            GeneralName[] alternatives = names.stream().map(DeviceTrustFiles::generalName).toArray(GeneralName[]::new);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(notBefore.minusSeconds(60)),
                    Date.from(notAfter), new X500Name("CN=" + names.getFirst()), key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives));
            return sign(builder, caKey);
        } catch (IOException e) {
            throw new IllegalStateException("server certificate cannot be built", e);
        }
    }

    private static GeneralName generalName(String name) {
        return IP_ADDRESS.matcher(name).matches() || name.contains(":")
                ? new GeneralName(GeneralName.iPAddress, name) : new GeneralName(GeneralName.dNSName, name);
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
