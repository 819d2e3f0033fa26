package io.chaperone.policy;

import java.util.EnumSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pattern safety net: masks secrets a hub did not tag, in free text (log chunks, text values of results). One
 * pattern compiled once for the whole gateway, one linear scan per text: every alternative is a bounded character
 * class run with no nested quantifiers, so matching cannot backtrack catastrophically, and a text longer than
 * {@value #MAX_SCAN} characters is not scanned at all but hidden whole (fail closed; the work per chunk is bounded).
 *
 * <p>Recognised (class in brackets): a value after a secret-looking key in {@code key=value}, {@code key: value}
 * or {@code "key":"value"} forms (psk, passphrase, password, Wi-Fi key, token, secret, API key, PIN …) [secret];
 * the token after {@code Bearer} [secret]; a JWT [secret]; an e-mail address [personal]; a MAC address [network];
 * an IPv4 address and a full IPv6 address [network]. A masked value becomes {@code [redacted:<class>#<mark>]}
 * where the mark is the first 16 hex digits of the session-keyed HMAC (docs/adr/0006), so a technician can still
 * tell whether two hidden values are equal.
 */
public final class SecretPatterns {

    public static final int MAX_SCAN = 64 * 1024;
    /** Shorter texts cannot hold any recognised form ({@code pin=123} is the shortest). */
    private static final int MIN_LENGTH = 7;

    private static final String KEYS = "(?:wpa[_-]?psk|psk|pre[_-]?shared[_-]?key|wifi[_-]?(?:key|pass(?:word|phrase)?)"
            + "|wlan[_-]?key|passphrase|pass(?:word|wd)?|pwd|secret|client[_-]?secret|api[_-]?key|access[_-]?token"
            + "|refresh[_-]?token|auth[_-]?token|token|pin)";
    private static final Pattern NET = Pattern.compile(
            "(?<kv>(?<![A-Za-z0-9])" + KEYS + "\"?\\s{0,4}[=:]\\s{0,4})(?<kvv>\"[^\"\\r\\n]{1,256}\"|'[^'\\r\\n]{1,256}'"
                    + "|[^\\s,;&\"'{}\\[\\]]{1,256})"
                    + "|(?<bearer>(?<![A-Za-z0-9])[Bb]earer\\s{1,4})(?<bv>[A-Za-z0-9._~+/=-]{8,4096})"
                    + "|(?<jwt>(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,2048}\\.[A-Za-z0-9_-]{4,4096}\\.[A-Za-z0-9_-]{0,2048})"
                    + "|(?<email>(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,8}"
                    + "\\.[A-Za-z]{2,24}(?![A-Za-z0-9-]))"
                    + "|(?<mac>(?<![0-9A-Fa-f:-])[0-9A-Fa-f]{2}(?<sep>[:-])[0-9A-Fa-f]{2}(?:\\k<sep>[0-9A-Fa-f]{2}){4}(?![0-9A-Fa-f:-]))"
                    + "|(?<ip4>(?<![0-9.])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}"
                    + "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?![0-9]|\\.[0-9]))"
                    + "|(?<ip6>(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![0-9A-Fa-f:]))",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern KEY_NAME = Pattern.compile("(?:[a-z0-9]{1,32}[_-])?" + KEYS, Pattern.CASE_INSENSITIVE);

    private SecretPatterns() {
    }

    /** Whether a JSON member of this name holds a secret whatever its value looks like ({@code "wifi_psk": …}). */
    static boolean secretName(String name) {
        return name.length() <= 64 && KEY_NAME.matcher(name).matches();
    }

    /**
     * {@code text} with every recognised value of a class not in {@code reveal} masked and counted; {@code text}
     * itself (no copy) when nothing was masked.
     */
    static String mask(String text, EnumSet<DataClass> reveal, ValueMarks marks, RedactionTally tally,
                       RedactionTally.Place place) {
        if (text == null || text.length() < MIN_LENGTH) {
            return text;
        }
        if (text.length() > MAX_SCAN) {
            tally.count(DataClass.SECRET, place, RedactionTally.Rule.PATTERN);
            return masked(DataClass.SECRET, text, marks);
        }
        Matcher m = NET.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        while (m.find()) {
            DataClass dataClass;
            int start;
            int end;
            if (m.start("kvv") >= 0) {
                dataClass = DataClass.SECRET;
                start = m.start("kvv");
                end = m.end("kvv");
            } else if (m.start("bv") >= 0) {
                dataClass = DataClass.SECRET;
                start = m.start("bv");
                end = m.end("bv");
            } else {
                dataClass = m.start("jwt") >= 0 ? DataClass.SECRET
                        : m.start("email") >= 0 ? DataClass.PERSONAL : DataClass.NETWORK;
                start = m.start();
                end = m.end();
            }
            if (reveal.contains(dataClass) || text.startsWith("[redacted:", start)) {
                continue;
            }
            tally.count(dataClass, place, RedactionTally.Rule.PATTERN);
            out = out == null ? new StringBuilder(text.length() + 32) : out;
            boolean quoted = text.charAt(start) == '"' || text.charAt(start) == '\'';
            out.append(text, copied, start);
            if (quoted) {
                out.append(text.charAt(start));
            }
            out.append(masked(dataClass, text.substring(start, end), marks));
            if (quoted) {
                out.append(text.charAt(end - 1));
            }
            copied = end;
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    static String masked(DataClass dataClass, String value, ValueMarks marks) {
        String mark = marks.mark(value);
        int hex = mark.indexOf(':') + 1;
        return "[redacted:" + dataClass.wireName() + "#" + mark.substring(hex, hex + 16) + "]";
    }
}
