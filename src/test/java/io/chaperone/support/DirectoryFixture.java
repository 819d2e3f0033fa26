package io.chaperone.support;

import io.chaperone.simulator.DeviceIdentity;
import io.chaperone.simulator.HubEnroller;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * Builds directory data through the real REST API (providers, homes, enrolled hubs, support tickets) and
 * reads rows straight from PostgreSQL, so tests can check what was really stored.
 */
@ApplicationScoped
public class DirectoryFixture {

    @Inject
    Tokens tokens;
    @Inject
    Pool pool;

    public record ProviderRef(UUID id, String org) {
    }

    public record HubRef(UUID id) {
    }

    public ProviderRef provider() {
        String org = Tokens.unique("org");
        String id = given().auth().oauth2(tokens.ops(Tokens.unique("ops"))).contentType(ContentType.JSON)
                .body(Map.of("name", Tokens.unique("Provider"), "org", org))
                .when().post("/api/v1/providers")
                .then().statusCode(201).extract().path("id");
        return new ProviderRef(UUID.fromString(id), org);
    }

    public String resident() {
        return tokens.resident(Tokens.unique("resident"));
    }

    public String technicianOf(ProviderRef provider) {
        return tokens.technician(Tokens.unique("tech"), provider.org());
    }

    public UUID home(String residentToken) {
        String id = given().auth().oauth2(residentToken).contentType(ContentType.JSON)
                .body(Map.of("name", Tokens.unique("Home")))
                .when().post("/api/v1/homes")
                .then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    /** A hub of the home, enrolled as a real one is: the resident's claim code, then a CSR for a device certificate. */
    public HubRef hub(String residentToken, UUID homeId) {
        String code = given().auth().oauth2(residentToken).when().post("/api/v1/homes/{id}/hub-claims", homeId)
                .then().statusCode(201).extract().path("claimCode");
        DeviceIdentity identity = HubEnroller.enroll(URI.create("http://localhost:" + RestAssured.port), code,
                Tokens.unique("Hub"), "chaperone-hub-1", "1.4.2");
        return new HubRef(identity.hubId());
    }

    public UUID ticket(String residentToken, UUID homeId, UUID providerId) {
        String id = given().auth().oauth2(residentToken).contentType(ContentType.JSON)
                .body(Map.of("homeId", homeId, "providerId", providerId, "category", "connectivity",
                        "summary", "The thermostat is offline"))
                .when().post("/api/v1/tickets")
                .then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    /** Every row of a query, as column maps (for exact assertions on stored data). */
    public List<Row> rows(String sql, Object... params) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely().forEach(rows::add);
        return rows;
    }

    public long count(String sql, Object... params) {
        return rows(sql, params).getFirst().getLong(0);
    }
}
