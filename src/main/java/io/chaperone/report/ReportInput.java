package io.chaperone.report;

import io.chaperone.change.ChangeView;
import io.chaperone.consent.Escalation;
import io.chaperone.consent.SessionTemplate;
import io.chaperone.consent.SupportSession;
import io.chaperone.consent.SupportTicket;
import io.chaperone.identity.Provider;
import io.chaperone.identity.Technician;
import io.chaperone.privacy.SessionEvents;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Everything a report is built from, read before building (the builder itself does no I/O). */
record ReportInput(SupportSession session, SessionTemplate template, Technician technician, Provider provider,
                   SupportTicket ticket, List<Escalation> escalations, Map<String, String> deviceKinds,
                   List<SessionEvents.Event> events, List<ChangeView> changes, int version, Instant now) {
}
