package io.chaperone.signin;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SafeNextTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/app/", "/app/requests?id=42#top", "/terminal/?session=abc%2F"})
    void shouldKeepAPathOnThisGateway(String next) {
        assertEquals(next, SafeNext.of(next));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "app/", "//evil.example/", "/\\evil.example", "https://evil.example/", "javascript:alert(1)",
            "/app/\r\nSet-Cookie: x=1", "/a b", "/app\\..\\", " /app/", "\t/app/"})
    void shouldSendEverythingElseHome(String next) {
        assertEquals("/", SafeNext.of(next));
    }

    @org.junit.jupiter.api.Test
    void shouldSendNullAndOverlongHome() {
        assertEquals("/", SafeNext.of(null));
        assertEquals("/", SafeNext.of("/" + "a".repeat(2048)));
        assertEquals("/" + "a".repeat(2047), SafeNext.of("/" + "a".repeat(2047)));
    }
}
