package io.chaperone.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The development issuer's settings and its login accounts
 * ({@code chaperone.dev-issuer.accounts.<username>.*}); only the demo and dev profiles define accounts.
 */
@ConfigMapping(prefix = "chaperone.dev-issuer")
public interface DevAccounts {

    /** Whether the development issuer signs tokens at all; never outside demo, dev and test (ProdGuard). */
    boolean enabled();

    /** The {@code iss} of its tokens. */
    String issuer();

    /** How long a token from {@code POST /dev-issuer/login} lives. */
    @WithDefault("PT15M")
    Duration tokenLifetime();

    /** Accounts by username (the username becomes the token's subject). */
    Map<String, Account> accounts();

    interface Account {
        String password();

        /** resident, technician or ops */
        String role();

        /** The provider's org, for technicians. */
        Optional<String> org();

        Optional<String> name();

        Optional<String> email();

        /**
         * The demo's second factor: a fixed code that stands for an authenticator app (it proves nothing; the
         * development issuer is never enabled in production). Without one the account signs in with a password only.
         */
        Optional<String> oneTimeCode();
    }
}
