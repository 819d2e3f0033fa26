package io.chaperone.privacy;

/** A key cannot be used: destroyed, shredded, or wrapped by another master key. Carries no key material. */
public class KeyUnavailableException extends RuntimeException {

    public KeyUnavailableException(String message) {
        super(message, null, false, false);
    }
}
