package io.chaperone.household;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.chaperone.policy.DataClass;
import io.chaperone.policy.Operation;
import io.chaperone.policy.Scope;
import io.chaperone.web.ProblemException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A session's terms as RFC 9396 {@code authorization_details} (docs/api.md "authorization_details"): one entry of
 * type {@value #TYPE} per grant, {@code actions} = operations, {@code locations} = device ids, {@code datatypes} =
 * data classes revealed, {@code duration} and {@code start_by} as ISO-8601 durations (the same on every entry: they
 * belong to the session). Parsing is strict, so that an app rendering the request and the gateway enforcing it can
 * never read the same entry differently: unknown members, types, operations or classes are 422
 * {@code authorization_details_invalid}.
 */
public final class AuthorizationDetails {

    public static final String TYPE = "chaperone_support_session";
    private static final Set<String> MEMBERS = Set.of("type", "actions", "locations", "datatypes", "duration",
            "start_by", "identifier");
    private static final int MAX_ENTRIES = 64;
    private static final int MAX_LOCATIONS = 256;

    private AuthorizationDetails() {
    }

    /** One entry, as rendered in session views. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String type, List<String> actions, List<String> locations, List<String> datatypes,
                        String duration, @JsonProperty("start_by") String startBy, String identifier) {
    }

    /** What an approval in this form grants; the same terms as the native body would give. */
    public record Terms(Scope scope, Optional<Integer> durationMinutes, Set<DataClass> reveal,
                        Optional<Duration> startBy) {
    }

    /** Renders a scope with the session-level terms; an empty scope renders as no entries. */
    public static List<Entry> render(Scope scope, Integer durationMinutes, Set<DataClass> reveal, Duration startBy,
                                     UUID sessionId) {
        List<String> datatypes = reveal.stream().map(DataClass::wireName).sorted().toList();
        String duration = durationMinutes == null ? null : Duration.ofMinutes(durationMinutes).toString();
        String start = startBy == null ? null : startBy.toString();
        return scope.grants().stream().map(g -> new Entry(TYPE,
                g.ops().stream().sorted(Comparator.comparing(Operation::wireName)).map(Operation::wireName).toList(),
                List.copyOf(new TreeSet<>(g.devices())), datatypes, duration, start, sessionId.toString())).toList();
    }

    /** Parses the {@code authorization_details} of an approval body. */
    public static Terms parse(JsonNode details, UUID sessionId) {
        if (details == null || !details.isArray() || details.isEmpty() || details.size() > MAX_ENTRIES) {
            throw invalid("authorization_details must be an array of 1 to " + MAX_ENTRIES + " entries");
        }
        List<Scope.Grant> grants = new ArrayList<>();
        Set<DataClass> reveal = null;
        Optional<Integer> minutes = null;
        Optional<Duration> startBy = null;
        int index = 0;
        for (JsonNode entry : details) {
            String at = "authorization_details[" + index++ + "]";
            if (!entry.isObject()) {
                throw invalid(at + " must be an object");
            }
            for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!MEMBERS.contains(name)) {
                    throw invalid(at + " has an unknown member " + name);
                }
            }
            if (!TYPE.equals(text(entry.get("type")))) {
                throw invalid(at + ".type must be " + TYPE);
            }
            if (entry.has("identifier") && !sessionId.toString().equals(text(entry.get("identifier")))) {
                throw invalid(at + ".identifier names another session");
            }
            Set<Operation> ops = EnumSet.noneOf(Operation.class);
            for (String action : strings(entry.get("actions"), at + ".actions", false, 64)) {
                ops.add(Operation.fromWire(action).orElseThrow(() -> invalid(at + ".actions has an unknown operation")));
            }
            Set<String> devices = new LinkedHashSet<>(strings(entry.get("locations"), at + ".locations", false, MAX_LOCATIONS));
            Set<DataClass> classes = EnumSet.noneOf(DataClass.class);
            for (String type : strings(entry.get("datatypes"), at + ".datatypes", true, 16)) {
                classes.add(DataClass.fromWire(type).orElseThrow(() -> invalid(at + ".datatypes has an unknown data class")));
            }
            Optional<Integer> entryMinutes = Optional.ofNullable(duration(entry.get("duration"), at + ".duration"))
                    .map(d -> minutes(d, at + ".duration"));
            Optional<Duration> entryStart = Optional.ofNullable(duration(entry.get("start_by"), at + ".start_by"));
            if (reveal != null && (!reveal.equals(classes) || !minutes.equals(entryMinutes) || !startBy.equals(entryStart))) {
                throw invalid(at + ": datatypes, duration and start_by belong to the session and must be the same in every entry");
            }
            reveal = classes;
            minutes = entryMinutes;
            startBy = entryStart;
            grants.add(new Scope.Grant(devices, ops));
        }
        return new Terms(new Scope(0, grants), minutes, reveal, startBy);
    }

    private static List<String> strings(JsonNode node, String at, boolean optional, int max) {
        if (node == null || node.isNull()) {
            if (optional) {
                return List.of();
            }
            throw invalid(at + " is required");
        }
        if (!node.isArray() || (!optional && node.isEmpty()) || node.size() > max) {
            throw invalid(at + " must be an array of " + (optional ? 0 : 1) + " to " + max + " strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : node) {
            String text = text(value);
            if (text == null || text.isBlank() || text.length() > 128) {
                throw invalid(at + " must hold non-blank strings of at most 128 characters");
            }
            values.add(text);
        }
        return values;
    }

    private static Duration duration(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            Duration d = Duration.parse(text(node) == null ? "" : text(node));
            if (d.isNegative() || d.isZero()) {
                throw invalid(at + " must be positive");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw invalid(at + " must be an ISO-8601 duration such as PT30M");
        }
    }

    private static int minutes(Duration d, String at) {
        if (d.toSecondsPart() != 0 || d.toNanosPart() != 0 || d.toMinutes() > Integer.MAX_VALUE) {
            throw invalid(at + " must be whole minutes");
        }
        return (int) d.toMinutes();
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(422, "authorization_details_invalid", detail);
    }
}
