package io.chaperone.policy;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static io.chaperone.policy.RedactionTally.Place.CHUNK;
import static io.chaperone.policy.RedactionTally.Rule.PATTERN;
import static org.assertj.core.api.Assertions.assertThat;

/** The pattern safety net on untagged free text: what it masks, what it leaves, and that its work is bounded. */
class SecretPatternsTest {

    private static final byte[] KEY = new byte[32];

    private final RedactionTally tally = new RedactionTally();

    private String mask(String text, DataClass... reveal) {
        EnumSet<DataClass> shown = EnumSet.noneOf(DataClass.class);
        shown.addAll(List.of(reveal));
        return SecretPatterns.mask(text, shown, new ValueMarks(KEY), tally, CHUNK);
    }

    @Test
    void shouldMaskAnUntaggedWifiKeyInALogLineAndCountIt() {
        String line = "2026-12-02T10:00:00Z wifi-1 hostapd: config reloaded ssid=home-net wpa_passphrase=correct-horse-battery";

        String masked = mask(line);

        assertThat(masked).doesNotContain("correct-horse-battery")
                .startsWith("2026-12-02T10:00:00Z wifi-1 hostapd: config reloaded ssid=home-net wpa_passphrase=[redacted:secret#")
                .endsWith("]");
        assertThat(tally.totals()).containsExactly(new RedactionTally.Entry(DataClass.SECRET, CHUNK, PATTERN, 1));
    }

    @Test
    void shouldMaskEachRecognisedFormWithItsClass() {
        String text = "psk: \"hunter2 two\" password=s3cret; Authorization: Bearer abcdefgh12345678 "
                + "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl mail bob.smith@example.org "
                + "mac AA-BB-CC-DD-EE-FF ip 10.0.0.254 v6 2001:0db8:0000:0000:0000:ff00:0042:8329 \"api_key\":\"k-123456\"";

        String masked = mask(text);

        assertThat(masked).doesNotContain("hunter2", "s3cret", "abcdefgh12345678", "eyJhbGci", "bob.smith",
                "AA-BB-CC", "10.0.0.254", "2001:0db8", "k-123456");
        assertThat(masked).contains("psk: \"[redacted:secret#", "password=[redacted:secret#", "Bearer [redacted:secret#",
                "mail [redacted:personal#", "mac [redacted:network#", "ip [redacted:network#", "v6 [redacted:network#",
                "\"api_key\":\"[redacted:secret#");
        assertThat(tally.totals()).containsExactlyInAnyOrder(
                new RedactionTally.Entry(DataClass.SECRET, CHUNK, PATTERN, 5),
                new RedactionTally.Entry(DataClass.PERSONAL, CHUNK, PATTERN, 1),
                new RedactionTally.Entry(DataClass.NETWORK, CHUNK, PATTERN, 3));
    }

    @Test
    void shouldLeaveVersionsTimesAndRevealedClassesAlone() {
        String plain = "firmware 1.4.2 at 12:30:45 channel 36, temperature 20.4 C, 3c:22 partial";
        assertThat(mask(plain)).isSameAs(plain);

        String network = "gw 192.168.1.1 mac 3c:22:fb:01:02:03";
        assertThat(mask(network, DataClass.NETWORK)).isSameAs(network);
        assertThat(tally.totals()).isEmpty();
    }

    @Test
    void shouldGiveTheSameValueTheSameMarkAndNotMaskTwice() {
        String once = mask("ip 10.1.2.3 and again 10.1.2.3");
        String[] marks = once.split("\\[redacted:network#");
        assertThat(marks[1].substring(0, 16)).isEqualTo(marks[2].substring(0, 16));
        assertThat(mask(once)).isEqualTo(once);
    }

    @Test
    void shouldHideATextTooLongToScanWhole() {
        String huge = "x".repeat(SecretPatterns.MAX_SCAN + 1);

        assertThat(mask(huge)).startsWith("[redacted:secret#").hasSize("[redacted:secret#".length() + 17);
        assertThat(mask("y".repeat(SecretPatterns.MAX_SCAN))).hasSize(SecretPatterns.MAX_SCAN);
    }

    @Test
    void shouldMaskSecretNamedMembersAndTextValuesOfAResult() throws Exception {
        Redactor redactor = Redactor.revealing(Set.of(), KEY, tally);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var result = json.readTree("{\"ssid\":\"home-net\",\"wifi_psk\":\"correct-horse\",\"pin\":4821,"
                + "\"note\":\"owner alice@example.com\",\"channel\":36}");

        var out = redactor.redactResult(result);

        assertThat(out.get("ssid").asText()).isEqualTo("home-net");
        assertThat(out.get("channel").asInt()).isEqualTo(36);
        assertThat(out.get("wifi_psk").asText()).startsWith("[redacted:secret#");
        assertThat(out.get("pin").asText()).startsWith("[redacted:secret#");
        assertThat(out.get("note").asText()).startsWith("owner [redacted:personal#");
        assertThat(result.get("wifi_psk").asText()).isEqualTo("correct-horse");
        assertThat(tally.totals()).containsExactlyInAnyOrder(
                new RedactionTally.Entry(DataClass.SECRET, RedactionTally.Place.RESULT, PATTERN, 2),
                new RedactionTally.Entry(DataClass.PERSONAL, RedactionTally.Place.RESULT, PATTERN, 1));
    }
}
