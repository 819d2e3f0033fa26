package io.chaperone.consent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaperone.home.Device;
import io.chaperone.policy.Operation;
import io.chaperone.policy.Scope;
import io.chaperone.web.ProblemException;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What a template allows, read from its JSON columns. (A private parser until SessionTemplate
 * grows its own accessors; unknown operation names are dropped, which can only narrow.)
 */
record TemplateRules(Set<Operation> ops, Set<String> kinds, int maxDurationMinutes) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() { };

    static TemplateRules of(SessionTemplate template) {
        Set<Operation> ops = EnumSet.noneOf(Operation.class);
        names(template.ops).forEach(name -> Operation.fromWire(name).ifPresent(ops::add));
        return new TemplateRules(Set.copyOf(ops), Set.copyOf(names(template.deviceKinds)), template.maxDurationMinutes);
    }

    static Uni<TemplateRules> load(UUID templateId) {
        return SessionTemplate.<SessionTemplate>findById(templateId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("template"))
                .map(TemplateRules::of);
    }

    /** The widest scope this template permits on a hub: its operations × the hub's devices of allowed kinds. */
    Uni<Scope> widestOn(UUID hubId) {
        return Device.<Device>list("key.hubId", hubId).map(devices -> {
            List<Scope.Pair> pairs = new ArrayList<>();
            Set<String> allowedDevices = new TreeSet<>();
            devices.stream().filter(d -> kinds.contains(d.kind)).forEach(d -> allowedDevices.add(d.key.deviceId()));
            for (String device : allowedDevices) {
                for (Operation op : ops) {
                    pairs.add(new Scope.Pair(device, op));
                }
            }
            return Scope.fromPairs(pairs, 0);
        });
    }

    /** Refuses a scope naming a device, kind or operation the template does not allow. */
    static void requireWithin(Scope scope, Scope widest) {
        if (!scope.isWithin(widest)) {
            throw new ProblemException(422, "scope_exceeds_template",
                    "every device must be on the hub with a kind the template allows, and every operation in the template");
        }
    }

    private static List<String> names(String json) {
        try {
            return json == null ? List.of() : JSON.readValue(json, NAMES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored template list is not readable");
        }
    }
}
