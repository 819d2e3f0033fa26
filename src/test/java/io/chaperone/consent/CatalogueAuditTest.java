package io.chaperone.consent;

import io.chaperone.audit.AuditRows;
import io.chaperone.audit.AuditRows.Stored;
import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Support tickets, providers and templates leave audit rows: who did what, committed with the change. */
@QuarkusTest
class CatalogueAuditTest {

    @Inject
    Tokens tokens;
    @Inject
    AuditRows rows;

    private UUID provider(String ops, String org) {
        return UUID.fromString(given().auth().oauth2(tokens.ops(ops)).contentType(ContentType.JSON)
                .body(Map.of("name", org, "org", org)).post("/api/v1/providers").then().statusCode(201).extract().path("id"));
    }

    private record Ticket(String resident, UUID homeId, String id) {
    }

    /** A resident's new home and a ticket for it with the provider. */
    private Ticket openTicket(UUID providerId, String summary) {
        String resident = Tokens.unique("resident");
        UUID homeId = UUID.fromString(given().auth().oauth2(tokens.resident(resident)).contentType(ContentType.JSON)
                .body(Map.of("name", "flat")).post("/api/v1/homes").then().statusCode(201).extract().path("id"));
        String id = given().auth().oauth2(tokens.resident(resident)).contentType(ContentType.JSON)
                .body(Map.of("homeId", homeId, "providerId", providerId, "category", "device", "summary", summary))
                .post("/api/v1/tickets").then().statusCode(201).extract().path("id");
        return new Ticket(resident, homeId, id);
    }

    @Test
    void shouldAuditAProviderOnItsOwnChain() {
        String ops = Tokens.unique("ops");
        String org = Tokens.unique("org");

        UUID id = provider(ops, org);

        assertThat(rows.of(id)).singleElement().satisfies(row -> {
            assertThat(row.kind()).isEqualTo("provider.created");
            assertThat(row.actor()).isEqualTo(ops);
            assertThat(row.outcome()).isEqualTo("created");
            assertThat(new JsonObject(row.detail()).getMap()).isEqualTo(Map.of("name", org, "org", org));
        });
    }

    @Test
    void shouldAuditATemplateWithWhatItAllowsOnItsOwnChain() {
        String ops = Tokens.unique("ops");
        String name = Tokens.unique("template");

        UUID id = UUID.fromString(given().auth().oauth2(tokens.ops(ops)).contentType(ContentType.JSON)
                .body(Map.of("name", name, "description", "audit test", "ops", List.of("diag.read"),
                        "deviceKinds", List.of("thermostat"), "maxDurationMinutes", 60,
                        "redactionDefaults", List.of("secret"), "expectedCommandRate", 30))
                .post("/api/v1/templates").then().statusCode(201).extract().path("id"));

        assertThat(rows.of(id)).singleElement().satisfies(row -> {
            assertThat(row.kind()).isEqualTo("template.created");
            assertThat(row.actor()).isEqualTo(ops);
            JsonObject detail = new JsonObject(row.detail());
            assertThat(detail.getString("name")).isEqualTo(name);
            assertThat(detail.getJsonArray("ops").getList()).containsExactly("diag.read");
            assertThat(detail.getJsonArray("deviceKinds").getList()).containsExactly("thermostat");
            assertThat(detail.getInteger("maxDurationMinutes")).isEqualTo(60);
            assertThat(detail.getInteger("expectedCommandRate")).isEqualTo(30);
        });
    }

    @Test
    void shouldAuditATicketsOpeningAndEachStateChangeOnItsHomesChain() {
        String org = Tokens.unique("org");
        UUID providerId = provider(Tokens.unique("ops"), org);
        Ticket ticket = openTicket(providerId, "boiler code 7");
        String resident = ticket.resident();
        String ticketId = ticket.id();
        String technician = Tokens.unique("tech");

        given().auth().oauth2(tokens.technician(technician, org)).contentType(ContentType.JSON)
                .body(Map.of("state", "in_progress")).post("/api/v1/tickets/{id}/state", ticketId).then().statusCode(200);
        given().auth().oauth2(tokens.resident(resident)).contentType(ContentType.JSON)
                .body(Map.of("state", "closed")).post("/api/v1/tickets/{id}/state", ticketId).then().statusCode(200);

        List<Stored> ticketRows = rows.of(ticket.homeId()).stream().filter(r -> ticketId.equals(r.correlationId())).toList();
        assertThat(ticketRows).extracting(Stored::kind).containsExactly("support_ticket.opened",
                "support_ticket.state_changed", "support_ticket.state_changed");
        assertThat(ticketRows).extracting(Stored::outcome).containsExactly("open", "in_progress", "closed");
        assertThat(ticketRows).extracting(Stored::actor).containsExactly(resident, technician, resident);
        assertThat(new JsonObject(ticketRows.get(0).detail()).getMap())
                .isEqualTo(Map.of("providerId", providerId.toString(), "category", "device"));
        assertThat(ticketRows).extracting(r -> new JsonObject(r.detail()).getString("from"))
                .containsExactly(null, "open", "in_progress");
        assertThat(ticketRows).noneMatch(r -> r.detail().contains("boiler"));
    }

    @Test
    void shouldWriteNoRowForARefusedTicketTransition() {
        String org = Tokens.unique("org");
        Ticket ticket = openTicket(provider(Tokens.unique("ops"), org), "help");

        given().auth().oauth2(tokens.resident(ticket.resident())).contentType(ContentType.JSON)
                .body(Map.of("state", "in_progress")).post("/api/v1/tickets/{id}/state", ticket.id()).then().statusCode(409);

        assertThat(rows.of(ticket.homeId())).extracting(Stored::kind).containsExactly("support_ticket.opened");
    }
}
