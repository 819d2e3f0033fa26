package io.chaperone.report;

import io.chaperone.consent.SessionAccess;
import io.chaperone.consent.SupportSession;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

/**
 * {@code GET /api/v1/sessions/{id}/report} (docs/report.md), by content negotiation: {@code application/json} (the
 * stored report, verbatim) or {@code text/html} (the same report in plain language, printable). A report that no
 * longer matches the hash in the audit chain is never served: {@code 409 report_tampered}.
 */
@Path("/api/v1/sessions/{id}/report")
@Authenticated
public class ReportResource {

    static final String VERIFIED_HEADER = "Chaperone-Report-Sha256-Verified";

    @Inject
    CurrentCaller current;
    @Inject
    SessionAccess access;
    @Inject
    SessionReports reports;
    @Inject
    @Location("report.html")
    Template page;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> json(@PathParam("id") UUID id) {
        return verified(id).map(stored -> Response.ok(stored.json(), MediaType.APPLICATION_JSON_TYPE)
                .header(VERIFIED_HEADER, "true").build());
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> html(@PathParam("id") UUID id) {
        return verified(id).chain(stored -> {
            SessionReport report = read(stored.json());
            return page.data("r", report).data("view", new ReportPage(report)).createUni()
                    .map(html -> Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                            .header(VERIFIED_HEADER, "true").build());
        });
    }

    private Uni<SessionReports.Stored> verified(UUID id) {
        return access.actor(current.get())
                .chain(actor -> Panache.withSession(() -> SupportSession.<SupportSession>findById(id)
                        .chain(s -> access.visible(s, actor))))
                .chain(session -> reports.stored(session.id, session.homeId))
                .map(stored -> {
                    if (stored == null) {
                        throw new ProblemException(404, "report_not_ready",
                                "the report is generated when the session reaches a final state");
                    }
                    if (!stored.verified()) {
                        throw ProblemException.conflict("report_tampered",
                                "the stored report does not match the hash recorded in the session's audit chain");
                    }
                    return stored;
                });
    }

    static SessionReport read(String json) {
        try {
            return SessionReports.JSON.readValue(json, SessionReport.class);
        } catch (Exception e) {
            throw new IllegalStateException("stored report is not readable");
        }
    }
}
