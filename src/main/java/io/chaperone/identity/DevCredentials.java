package io.chaperone.identity;

import io.chaperone.identity.DevIssuer.DevToken;
import io.chaperone.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The development issuer's checks of a demo account's password and one-time code, and the token it then signs;
 * shared by {@code POST /dev-issuer/login} and the browser sign-in. Comparisons are constant-time and an unknown
 * username takes the same path as a wrong password. Nothing here logs what was typed.
 */
@ApplicationScoped
public class DevCredentials {

    static final String AUDIENCE = "chaperone";
    // compared against when the username or the code is unknown, so every failure takes the same path
    private static final byte[] NOTHING = "\u0000no-such-secret".getBytes(StandardCharsets.UTF_8);

    @Inject
    DevIssuer issuer;
    @Inject
    DevAccounts accounts;
    @Inject
    Clock clock;

    public boolean enabled() {
        return issuer.enabled();
    }

    /** The account for a correct username and password, else 401 {@code invalid_credentials}. */
    public DevAccounts.Account account(String username, String password) {
        DevAccounts.Account account = accounts.accounts().get(username);
        boolean matches = same(account == null ? null : account.password(), password);
        if (account == null || !matches) {
            throw new ProblemException(401, "invalid_credentials", "unknown username or wrong password");
        }
        return account;
    }

    /** Passes when the account has a one-time code and {@code code} is it, else 401 {@code invalid_second_factor}. */
    public void requireSecondFactor(DevAccounts.Account account, String code) {
        Optional<String> expected = account.oneTimeCode();
        boolean matches = same(expected.orElse(null), code);
        if (expected.isEmpty() || !matches) {
            throw new ProblemException(401, "invalid_second_factor", "the one-time code is wrong");
        }
    }

    /** A token for the account signed in now (with a second factor when {@code mfa}). */
    public String issue(String username, DevAccounts.Account account, boolean mfa) {
        Instant now = clock.instant();
        return issuer.issue(new DevToken(username, account.role(), account.org(), account.name().orElse(username),
                account.email().orElse(username + "@example.test"), mfa, now, now, accounts.tokenLifetime(), AUDIENCE));
    }

    public Duration tokenLifetime() {
        return accounts.tokenLifetime();
    }

    private static boolean same(String expected, String given) {
        byte[] want = expected == null ? NOTHING : expected.getBytes(StandardCharsets.UTF_8);
        byte[] got = given == null ? new byte[0] : given.getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(want, got) && expected != null;
    }
}
