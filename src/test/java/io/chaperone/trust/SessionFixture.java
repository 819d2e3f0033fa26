package io.chaperone.trust;

import io.chaperone.consent.SessionState;
import io.chaperone.consent.SessionTemplate;
import io.chaperone.consent.SupportSession;
import io.chaperone.consent.SupportTicket;
import io.chaperone.home.Home;
import io.chaperone.home.Hub;
import io.chaperone.identity.Provider;
import io.chaperone.identity.Resident;
import io.chaperone.identity.Technician;
import io.chaperone.support.Tokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.restassured.http.ContentType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;

/**
 * Test data made directly with the Panache entities (the session lifecycle is built elsewhere):
 * a provider with one technician, a resident's home and hub, a template, a support ticket and a
 * support session in the wanted state. Every call makes fresh, uniquely named rows.
 */
@ApplicationScoped
public class SessionFixture {

    @Inject
    Tokens tokens;

    /** A technician of a fresh provider: the token subject and org, and the row id. */
    public record Tech(UUID id, String subject, String org) {
    }

    /** A session and its technician. */
    public record Session(UUID id, Tech technician) {
    }

    public Tech technician() {
        String org = Tokens.unique("org");
        return await(() -> {
            Provider provider = new Provider();
            provider.id = UUID.randomUUID();
            provider.name = org;
            provider.org = org;
            provider.createdAt = Instant.now();
            return provider.<Provider>persist().chain(p -> newTechnician(p));
        });
    }

    private static Uni<Tech> newTechnician(Provider provider) {
        Technician technician = new Technician();
        technician.id = UUID.randomUUID();
        technician.subject = Tokens.unique("tech");
        technician.name = technician.subject;
        technician.providerId = provider.id;
        technician.createdAt = Instant.now();
        return technician.<Technician>persist().map(t -> new Tech(t.id, t.subject, provider.org));
    }

    /** A session of a new technician in {@code state}, ending at {@code expiresAt}. */
    public Session session(SessionState state, Instant expiresAt) {
        return session(technician(), state, expiresAt);
    }

    public Session session(Tech tech, SessionState state, Instant expiresAt) {
        Instant now = Instant.now();
        return await(() -> {
            Resident resident = new Resident();
            resident.id = UUID.randomUUID();
            resident.subject = Tokens.unique("resident");
            resident.createdAt = now;
            Home home = new Home();
            home.id = UUID.randomUUID();
            home.residentId = resident.id;
            home.name = "home";
            home.createdAt = now;
            Hub hub = new Hub();
            hub.id = UUID.randomUUID();
            hub.homeId = home.id;
            hub.name = "hub";
            hub.model = "model";
            hub.firmware = "1.0.0";
            hub.createdAt = now;
            SessionTemplate template = new SessionTemplate();
            template.id = UUID.randomUUID();
            template.name = Tokens.unique("template");
            template.ops = "[\"diag.read\"]";
            template.deviceKinds = "[\"thermostat\"]";
            template.maxDurationMinutes = 60;
            template.redactionDefaults = "[]";
            template.expectedCommandRate = 10;
            template.createdAt = now;
            Uni<Provider> provider$ = resident.persist()
                    .chain(() -> home.persist())
                    .chain(() -> hub.persist())
                    .chain(() -> template.persist())
                    .chain(() -> Provider.<Provider>find("org", tech.org()).firstResult());
            return provider$.chain(provider -> {
                        SupportTicket ticket = new SupportTicket();
                        ticket.id = UUID.randomUUID();
                        ticket.homeId = home.id;
                        ticket.providerId = provider.id;
                        ticket.openedBy = resident.subject;
                        ticket.category = "heating";
                        ticket.summary = "too cold";
                        ticket.state = "in_progress";
                        ticket.createdAt = now;
                        ticket.updatedAt = now;
                        SupportSession session = new SupportSession();
                        session.id = UUID.randomUUID();
                        session.ticketId = ticket.id;
                        session.homeId = home.id;
                        session.hubId = hub.id;
                        session.templateId = template.id;
                        session.technicianId = tech.id();
                        session.providerId = provider.id;
                        session.state = state;
                        session.reason = "diagnose";
                        session.requestedScope = "{\"grants\":[]}";
                        session.requestedDurationMinutes = 60;
                        session.scope = "{\"grants\":[]}";
                        session.scopeVersion = 1;
                        session.durationMinutes = 60;
                        session.reveal = "[]";
                        session.requestedAt = now;
                        session.requestExpiresAt = now.plusSeconds(1800);
                        session.approvedAt = state == SessionState.requested ? null : now;
                        session.expiresAt = expiresAt;
                        return ticket.persist().chain(() -> session.persist());
                    })
                    .map(s -> new Session(((SupportSession) s).id, tech));
        });
    }

    /** A technician identity token (with MFA) of the session's technician. */
    public String technicianToken(Session session) {
        return tokens.technician(session.technician().subject(), session.technician().org());
    }

    /** A connect ticket obtained the real way: {@code POST /api/v1/sessions/{id}/tickets}, 201. */
    public String connectTicket(Session session, Optional<String> keyThumbprint) {
        var request = given().auth().oauth2(technicianToken(session));
        if (keyThumbprint.isPresent()) {
            request = request.contentType(ContentType.JSON).body(Map.of("keyThumbprint", keyThumbprint.get()));
        }
        return request.when().post("/api/v1/sessions/{id}/tickets", session.id())
                .then().statusCode(201).extract().path("ticket");
    }

    /** The recorded connect ticket, or null. */
    public ConnectTicketRecord record(String jti) {
        return await(() -> ConnectTicketRecord.<ConnectTicketRecord>findById(jti));
    }

    /** Records a connect ticket as if it had been issued (for tickets a test signs itself). */
    public void record(String jti, UUID sessionId, UUID technicianId, Instant issuedAt, Instant expiresAt) {
        await(() -> {
            ConnectTicketRecord record = new ConnectTicketRecord();
            record.jti = jti;
            record.sessionId = sessionId;
            record.technicianId = technicianId;
            record.issuedAt = issuedAt;
            record.expiresAt = expiresAt;
            return record.persist();
        });
    }

    public long ticketCount(UUID sessionId) {
        return await(() -> ConnectTicketRecord.count("sessionId", sessionId));
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(work));
        } catch (Throwable e) {
            throw new IllegalStateException("fixture failed", e);
        }
    }
}
