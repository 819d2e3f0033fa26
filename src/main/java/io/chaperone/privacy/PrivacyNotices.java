package io.chaperone.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaperone.web.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The versioned privacy notices ({@code privacy/notices.json}): every version ever shown stays in the file,
 * so an approval can name the version the resident saw and the text can be looked up later.
 */
@ApplicationScoped
public class PrivacyNotices {

    static final String RESOURCE = "privacy/notices.json";

    private final Map<String, JsonNode> byVersion = new LinkedHashMap<>();
    private String current;

    @PostConstruct
    void load() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            root.get("notices").forEach(n -> byVersion.put(n.get("version").asText(), n));
            current = root.get("current").asText();
            if (!byVersion.containsKey(current)) {
                throw new IllegalStateException(RESOURCE + " names a current version it does not contain");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String currentVersion() { return current; }

    public JsonNode current() { return byVersion.get(current); }

    public Optional<JsonNode> version(String version) { return Optional.ofNullable(byVersion.get(version)); }

    /** The version an approval records: the one the resident names (it must exist), else the current one. */
    public String recordable(String shown) {
        if (shown == null) {
            return current;
        }
        if (!byVersion.containsKey(shown)) {
            throw new ProblemException(422, "unknown_privacy_notice", "no privacy notice has that version");
        }
        return shown;
    }
}
