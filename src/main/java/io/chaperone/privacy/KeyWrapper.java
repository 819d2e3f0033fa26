package io.chaperone.privacy;

/**
 * Wraps data keys with the gateway's master key. The local implementation holds the master key in
 * memory; a KMS-backed one can replace it (a bean of this type that is not the default).
 */
public interface KeyWrapper {

    byte[] wrap(byte[] key);

    /** The key, or {@link KeyUnavailableException} when the wrapped bytes do not open with this wrapper. */
    byte[] unwrap(byte[] wrapped);

    /** Names the master key (stored with each wrapped key); never reveals it. */
    String id();
}
