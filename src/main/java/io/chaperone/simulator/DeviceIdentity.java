package io.chaperone.simulator;

import io.chaperone.trust.device.Pem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.UUID;

/**
 * What an enrolled hub holds: its device key pair (never leaves the hub), the certificate the gateway's device
 * CA issued, and that CA's certificate, which the hub also trusts for the gateway's listener.
 */
public record DeviceIdentity(UUID hubId, KeyPair keys, String certificatePem, String caCertificatePem) {

    private static final String STORE_PASSWORD = "in-memory";

    /** mTLS from memory: present the device certificate, trust only the device CA. */
    public void applyTo(WebSocketClientOptions options) {
        options.setSsl(true)
                .setKeyCertOptions(Pem.signatureAlgorithm(keys.getPrivate()).equals("Ed25519") ? pkcs12()
                        : new PemKeyCertOptions()
                        .addCertValue(Buffer.buffer(certificatePem))
                        .addKeyValue(Buffer.buffer(Pem.privateKey(keys.getPrivate()))))
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(caCertificatePem)));
    }

    /** Vert.x reads only RSA and EC keys from PEM; an Ed25519 device key goes through an in-memory PKCS#12 store. */
    private KeyStoreOptions pkcs12() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("hub", keys.getPrivate(), STORE_PASSWORD.toCharArray(),
                    new Certificate[] {Pem.parseCertificate(certificatePem)});
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            store.store(bytes, STORE_PASSWORD.toCharArray());
            return new KeyStoreOptions().setType("PKCS12").setPassword(STORE_PASSWORD)
                    .setValue(Buffer.buffer(bytes.toByteArray()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("device key cannot be stored for TLS", e);
        }
    }

    /** The same hub presenting another certificate (tests: expired, foreign CA, another hub's). */
    public DeviceIdentity withCertificate(String otherCertificatePem, KeyPair otherKeys) {
        return new DeviceIdentity(hubId, otherKeys, otherCertificatePem, caCertificatePem);
    }

    @Override
    public String toString() {
        return "DeviceIdentity[hub=" + hubId + "]";
    }
}
