package io.chaperone.demo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The ids of the seeded demo world, for the banner and for whoever drives the demo. */
public record DemoData(UUID providerId, UUID residentId, UUID technicianId, UUID operatorId, UUID homeId,
                       UUID ticketId, Map<String, UUID> templateIds) {

    public DemoData {
        templateIds = Collections.unmodifiableMap(new LinkedHashMap<>(templateIds)); // keeps catalogue order
    }
}
