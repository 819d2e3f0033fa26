package io.chaperone.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects the {@link AuditOutage} events the writer fires, as the relay would observe them. */
@ApplicationScoped
public class OutageRecorder {

    private final List<AuditOutage> events = new CopyOnWriteArrayList<>();

    void on(@Observes AuditOutage event) {
        events.add(event);
    }

    public List<AuditOutage> events() { return List.copyOf(events); }

    public void clear() { events.clear(); }
}
