package io.chaperone.load;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * The world of scenario 00 (the bare relay): no REST, no consent. Each hub gets an EC P-256 key and a certificate
 * signed here with the bench device CA's key (the same CA and key sizes the gateway's enrollment uses, so the mTLS
 * handshake costs the same), a UUID as its id, and its session is simply its hub: the technician opens
 * {@code /ws/sessions/<hubId>} and the relay pairs the two sockets.
 */
final class BareWorld implements World {

    private final X509Certificate ca;
    private final String caPem;
    private final PrivateKey caKey;

    /** {@code caCertPath} and {@code caKeyPath}: PEM files, the key PKCS#8 (load-tests/bench-gateway.sh provisions both). */
    BareWorld(Path caCertPath, Path caKeyPath) throws Exception {
        this.caPem = Files.readString(caCertPath);
        this.ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
        String key = Files.readString(caKeyPath).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        this.caKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(key)));
    }

    @Override
    public List<HubSeat> hubs(HubConnector connector, int n, int perHome) {
        List<String> hosts = IntStream.range(0, n).mapToObj(i -> connector.allocateHost()).toList();
        // Key generation and signing dominate the set-up of 19,000 hubs: spread them over the cores.
        return hosts.parallelStream().map(host -> {
            String hubId = UUID.randomUUID().toString();
            KeyPair keys = HubIdentity.newKeyPair();
            return new HubSeat("bare", hubId, new HubIdentity(hubId, host, keys, certificate(hubId, keys), caPem));
        }).toList();
    }

    @Override
    public CompletableFuture<String> approvedSession(HubSeat hub, int minutes) {
        return CompletableFuture.completedFuture(hub.hubId());
    }

    @Override
    public CompletableFuture<String> connectTicket(String sid) {
        return CompletableFuture.completedFuture("bare"); // the bare relay checks nothing
    }

    private X509Certificate certificate(String hubId, KeyPair keys) {
        try {
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(ca, new BigInteger(64, new java.security.SecureRandom()),
                    Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)),
                    new X500Name("CN=" + hubId), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
        } catch (Exception e) {
            throw new IllegalStateException("hub certificate cannot be signed", e);
        }
    }
}
