package io.chaperone.trust.device;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * The device CA: checks certificate requests and signs hub client certificates naming the hub as
 * {@code urn:chaperone:hub:<id>} (subject CN and SAN URI), clientAuth only.
 */
@Startup
@ApplicationScoped
public class DeviceCa {

    @Inject
    DevicesConfig config;

    private X509Certificate certificate;
    private PrivateKey key;
    private String certificatePem;

    @PostConstruct
    void load() {
        try {
            certificatePem = Files.readString(Path.of(config.caCertLocation()));
            certificate = Pem.parseCertificate(certificatePem);
            key = Pem.parsePrivateKey(Files.readString(Path.of(config.caKeyLocation())));
        } catch (IOException e) {
            throw new UncheckedIOException("device CA cannot be read (chaperone.devices.ca-*-location)", e);
        }
    }

    public String certificatePem() {
        return certificatePem;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * Whether the request's key is one a hub may have: EC on P-256 or Ed25519 (docs/device-trust.md). Decided
     * on the encoded algorithm identifier, before any key is decoded: other curves (P-384, secp256k1) and RSA
     * are refused as such, not as a bad signature.
     */
    public static boolean supportedKey(PKCS10CertificationRequest csr) {
        AlgorithmIdentifier algorithm = csr.getSubjectPublicKeyInfo().getAlgorithm();
        if (EdECObjectIdentifiers.id_Ed25519.equals(algorithm.getAlgorithm())) {
            return algorithm.getParameters() == null;
        }
        return X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
                && algorithm.getParameters() != null
                && X9ObjectIdentifiers.prime256v1.equals(algorithm.getParameters().toASN1Primitive());
    }

    /** The public key of a well-formed, self-signed request with a {@link #supportedKey}; null otherwise. */
    public static PublicKey verifiedKey(PKCS10CertificationRequest csr) {
        if (!supportedKey(csr)) {
            return null;
        }
        try {
            PublicKey publicKey = new JcaPKCS10CertificationRequest(csr).getPublicKey();
            ContentVerifierProvider verifier = new JcaContentVerifierProviderBuilder().build(publicKey);
            return csr.isSignatureValid(verifier) ? publicKey : null;
        } catch (Exception invalid) {
            // BouncyCastle signals a malformed request with several unrelated exception types.
            return null;
        }
    }

    /** Signs a client certificate for {@code hubId} over {@code publicKey}, valid from now for the configured lifetime. */
    public X509Certificate issue(UUID hubId, PublicKey publicKey, Instant now) {
        return issue(hubId, publicKey, now.minusSeconds(60), now.plus(config.certificateLifetime()));
    }

    /** Signs with an explicit validity (tests use it for certificates the CA would never issue, e.g. expired ones). */
    public X509Certificate issue(UUID hubId, PublicKey publicKey, Instant notBefore, Instant notAfter) {
        return hubCertificate(certificate, key, hubId, publicKey, notBefore, notAfter);
    }

    /** A hub client certificate signed by {@code issuer} (tests also sign with a look-alike CA). */
    public static X509Certificate hubCertificate(X509Certificate issuer, PrivateKey issuerKey, UUID hubId, PublicKey publicKey,
                                                 Instant notBefore, Instant notAfter) {
        String name = HubCertificates.uriOf(hubId);
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, DeviceTrustFiles.serial(),
                    Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + name), publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, name)));
            return DeviceTrustFiles.sign(builder, issuerKey);
        } catch (IOException e) {
            throw new IllegalStateException("hub certificate cannot be built", e);
        }
    }
}
