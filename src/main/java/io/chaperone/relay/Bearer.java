package io.chaperone.relay;

/** Reads a bearer token from an Authorization header value. */
final class Bearer {

    private static final String PREFIX = "Bearer ";
    private static final int MAX_LENGTH = 8192;

    private Bearer() {
    }

    static String token(String header) {
        if (header == null || header.length() > MAX_LENGTH || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        String token = header.substring(PREFIX.length()).trim();
        return token.isEmpty() ? null : token;
    }
}
