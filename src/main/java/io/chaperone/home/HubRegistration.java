package io.chaperone.home;

/** A newly registered hub and its credential: the only moment the plaintext credential exists. */
public record HubRegistration(Hub hub, String credential) {

    @Override
    public String toString() {
        return "HubRegistration[hub=" + hub.id + "]";
    }
}
