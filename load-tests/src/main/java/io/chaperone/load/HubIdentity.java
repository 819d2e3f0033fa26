package io.chaperone.load;

import io.vertx.core.json.JsonObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bench hub's device identity, obtained the way a real hub gets it (docs/device-trust.md): an EC P-256 key
 * pair, a CSR signed with it, a claim code from the resident, {@code POST /api/v1/hubs/enroll}. It signs
 * attestation evidence with that key over the reference measurements ops registered for {@link #MODEL}.
 * {@code host} is the name this hub connects to (see {@link HubConnector}: it selects the hub's certificate).
 */
record HubIdentity(String hubId, String host, KeyPair keys, X509Certificate certificate, String caCertificatePem) {

    static final String MODEL = "bench-hub";
    static final String FIRMWARE = "1.0";

    /** The reference values of a genuine bench hub, as ops registers them as the attestation baseline. */
    static Map<String, String> referenceMeasurements() {
        Map<String, String> measurements = new TreeMap<>();
        for (String part : new String[] {"boot", "os", "agent"}) {
            measurements.put(part, sha256(MODEL + "/" + FIRMWARE + "/" + part));
        }
        return measurements;
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256", e);
        }
    }

    /** The PEM PKCS#10 request for {@code keys}, signed with their private key (proof of possession). */
    static String csr(KeyPair keys) {
        try {
            byte[] der = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=chaperone bench hub"), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())).getEncoded();
            return "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                    + "\n-----END CERTIFICATE REQUEST-----\n";
        } catch (Exception e) {
            throw new IllegalStateException("CSR cannot be built", e);
        }
    }

    /** The identity from the gateway's enrollment answer {@code {"hubId","certificate","caCertificate"}}. */
    static HubIdentity enrolled(String host, KeyPair keys, String hubId, String certificatePem, String caCertificatePem) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
            return new HubIdentity(hubId, host, keys, certificate, caCertificatePem);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the gateway's certificate does not parse", e);
        }
    }

    /** {@code attest.evidence} for {@code nonce}: the signature covers Evidence.canonical of the gateway. */
    String evidence(String nonce) {
        Map<String, String> measurements = referenceMeasurements();
        StringBuilder canonical = new StringBuilder("chaperone-attest-v1\n").append(nonce).append('\n').append(hubId)
                .append('\n').append(FIRMWARE).append('\n');
        measurements.forEach((name, value) -> canonical.append(name).append('=').append(value).append('\n'));
        try {
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(keys.getPrivate());
            signature.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
            JsonObject measured = new JsonObject();
            measurements.forEach(measured::put);
            return new JsonObject().put("type", "attest.evidence").put("nonce", nonce).put("firmware", FIRMWARE)
                    .put("measurements", measured).put("sig", Base64.getEncoder().encodeToString(signature.sign())).encode();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("evidence cannot be signed", e);
        }
    }

    private static String sha256(String text) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
