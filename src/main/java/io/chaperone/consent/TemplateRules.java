package io.chaperone.consent;

import io.chaperone.home.Device;
import io.chaperone.policy.Operation;
import io.chaperone.policy.Scope;
import io.chaperone.web.ProblemException;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What a template allows, as the session rules need it (from {@link SessionTemplate}'s accessors).
 */
record TemplateRules(Set<Operation> ops, Set<String> kinds, int maxDurationMinutes, int version) {

    static TemplateRules of(SessionTemplate template) {
        return new TemplateRules(Set.copyOf(template.operations()), Set.copyOf(template.kinds()), template.maxDurationMinutes,
                template.version);
    }

    static Uni<TemplateRules> load(UUID templateId) {
        return SessionTemplate.<SessionTemplate>findById(templateId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("template"))
                .map(TemplateRules::of);
    }

    /** The rules of the template version {@code session} was requested under (not the template's current one). */
    static Uni<TemplateRules> loadFor(SupportSession session) {
        return SessionTemplate.asOf(session.templateId, session.templateVersion)
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
}
