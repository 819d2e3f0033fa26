package io.chaperone.signin;

/**
 * Where a sign-in may send the browser afterwards: only a path on this gateway. Anything that a browser could
 * read as another origin ({@code //host}, {@code /\host}, a scheme, control characters) becomes {@code /}.
 */
public final class SafeNext {

    static final String HOME = "/";
    private static final int MAX_LENGTH = 2048;

    private SafeNext() {
    }

    public static String of(String next) {
        if (next == null || next.isEmpty() || next.length() > MAX_LENGTH || next.charAt(0) != '/') {
            return HOME;
        }
        if (next.length() > 1 && (next.charAt(1) == '/' || next.charAt(1) == '\\')) {
            return HOME;
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c < 0x21 || c == 0x7f || c == '\\') {
                return HOME;
            }
        }
        return next;
    }
}
