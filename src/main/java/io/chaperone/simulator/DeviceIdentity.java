package io.chaperone.simulator;

import io.chaperone.trust.device.Pem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import java.security.KeyPair;
import java.util.UUID;

/**
 * What an enrolled hub holds: its device key pair (never leaves the hub), the certificate the gateway's device
 * CA issued, and that CA's certificate, which the hub also trusts for the gateway's listener.
 */
public record DeviceIdentity(UUID hubId, KeyPair keys, String certificatePem, String caCertificatePem) {

    /** mTLS from memory: present the device certificate, trust only the device CA. */
    public void applyTo(WebSocketClientOptions options) {
        options.setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .addCertValue(Buffer.buffer(certificatePem))
                        .addKeyValue(Buffer.buffer(Pem.privateKey(keys.getPrivate()))))
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(caCertificatePem)));
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
