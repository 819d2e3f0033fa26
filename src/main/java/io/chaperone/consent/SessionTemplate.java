package io.chaperone.consent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaperone.policy.DataClass;
import io.chaperone.policy.Operation;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** An ops-defined class of support session: which operations on which device kinds, for how long. */
@Entity
@Table(name = "session_templates")
public class SessionTemplate extends PanacheEntityBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Operation>> OPERATIONS = new TypeReference<>() { };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<List<DataClass>> DATA_CLASSES = new TypeReference<>() { };

    @Id
    public UUID id;
    public String name;
    public String description;
    /** JSON array of operation names. */
    public String ops;
    /** JSON array of device kinds. */
    @Column(name = "device_kinds")
    public String deviceKinds;
    @Column(name = "max_duration_minutes")
    public int maxDurationMinutes;
    /** JSON array of data classes redacted unless the resident reveals them. */
    @Column(name = "redaction_defaults")
    public String redactionDefaults;
    /** Commands per minute a session of this template is expected to need. */
    @Column(name = "expected_command_rate")
    public int expectedCommandRate;
    @Column(name = "created_at")
    public Instant createdAt;
    /** The current version; each change makes the next one (older ones live on in {@link SessionTemplateVersion}). */
    @Column(name = "version")
    public int version = 1;
    /** Who answers for the template (free text: a team or a person); null until set. */
    public String owner;
    /** When ops must look at it again; {@code GET /api/v1/ops/templates/due-for-review} lists those past it. */
    @Column(name = "review_by")
    public Instant reviewBy;

    /**
     * A new template from a validated spec. Fails with 400 {@code unknown_operation} for an operation
     * name that does not exist, {@code invalid_body} for an unknown data class, and
     * {@code duration_exceeds_global_max} when the maximum duration is above {@code globalMax}.
     */
    public static SessionTemplate define(SessionTemplateSpec spec, Duration globalMax, Instant now) {
        List<Operation> operations = spec.ops().stream()
                .map(name -> Operation.fromWire(name).filter(op -> !op.systemOnly()).orElseThrow(() ->
                        ProblemException.badRequest("unknown_operation", "unknown operation '" + name + "'")))
                .distinct().toList();
        List<DataClass> redacted = spec.redactionDefaults() == null ? Arrays.asList(DataClass.values())
                : spec.redactionDefaults().stream()
                .map(name -> DataClass.fromWire(name).orElseThrow(() -> ProblemException.badRequest(
                        "invalid_body", "unknown data class '" + name + "'")))
                .distinct().toList();
        int minutes = spec.maxDurationMinutes();
        if (minutes < 1) {
            throw ProblemException.badRequest("invalid_body", "maxDurationMinutes must be at least 1");
        }
        if (Duration.ofMinutes(minutes).compareTo(globalMax) > 0) {
            throw ProblemException.badRequest("duration_exceeds_global_max",
                    "maxDurationMinutes must not exceed the global maximum of " + globalMax.toMinutes() + " minutes");
        }
        SessionTemplate template = new SessionTemplate();
        template.id = UUID.randomUUID();
        template.name = spec.name();
        template.description = spec.description();
        template.ops = write(operations);
        template.deviceKinds = write(spec.deviceKinds().stream().distinct().toList());
        template.maxDurationMinutes = minutes;
        template.redactionDefaults = write(redacted);
        template.expectedCommandRate = spec.expectedCommandRate();
        template.createdAt = now;
        template.owner = spec.owner();
        template.reviewBy = spec.reviewBy();
        return template;
    }

    /**
     * A change: the spec's content becomes the next version of this template (validated as {@link #define} does);
     * the id and creation time stay. The caller stores the new {@link SessionTemplateVersion}; old ones are not touched.
     */
    public void revise(SessionTemplateSpec spec, Duration globalMax, Instant now) {
        SessionTemplate next = define(spec, globalMax, now);
        name = next.name;
        description = next.description;
        ops = next.ops;
        deviceKinds = next.deviceKinds;
        maxDurationMinutes = next.maxDurationMinutes;
        redactionDefaults = next.redactionDefaults;
        expectedCommandRate = next.expectedCommandRate;
        owner = next.owner;
        reviewBy = next.reviewBy;
        version = version + 1;
    }

    /**
     * The template as a session saw it: its recorded version's content, or the current row when the session names
     * none or the version was never stored (templates written before versioning). Not managed: never persist it.
     */
    public static io.smallrye.mutiny.Uni<SessionTemplate> asOf(UUID templateId, Integer version) {
        return SessionTemplate.<SessionTemplate>findById(templateId).chain(current -> {
            if (current == null || version == null || version == current.version) {
                return io.smallrye.mutiny.Uni.createFrom().item(current);
            }
            return SessionTemplateVersion.<SessionTemplateVersion>find("templateId = ?1 and version = ?2", templateId, version)
                    .firstResult()
                    .map(old -> old == null ? current : old.asTemplate(current));
        });
    }

    public Set<Operation> operations() {
        return read(ops, OPERATIONS);
    }

    public Set<String> kinds() {
        return read(deviceKinds, STRINGS);
    }

    public Set<DataClass> redactedByDefault() {
        return read(redactionDefaults, DATA_CLASSES);
    }

    public Duration maxDuration() {
        return Duration.ofMinutes(maxDurationMinutes);
    }

    /** Whether a session of this template may run {@code op} on a device of {@code deviceKind}. */
    public boolean allows(String deviceKind, Operation op) {
        return op != null && deviceKind != null && operations().contains(op) && kinds().contains(deviceKind);
    }

    private static String write(List<?> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("template column cannot be written", e);
        }
    }

    /** The stored columns were written by {@link #define}; an unreadable one is a data fault, not input. */
    private static <T> Set<T> read(String json, TypeReference<List<T>> type) {
        try {
            return Collections.unmodifiableSet(new LinkedHashSet<>(JSON.readValue(json, type)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored template column is not readable");
        }
    }
}
