package io.chaperone.relay;

import io.chaperone.simulator.CapabilityVerifier;
import io.chaperone.simulator.DeviceIdentity;
import io.chaperone.simulator.HubAgent;
import io.chaperone.simulator.HubAttester;
import io.chaperone.simulator.HubEnroller;
import io.chaperone.simulator.SimulatedHub;
import io.chaperone.support.Tokens;
import io.chaperone.support.WsClient;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * A whole home for relay tests, built the real way over REST: a provider, a resident with a home and a
 * registered hub (a {@link SimulatedHub} connected to /ws/hub), a template, a support ticket, and sessions
 * requested by a technician and approved by the resident with step-up.
 */
@ApplicationScoped
public class RelayWorld {

    public static final String ORIGIN = "http://localhost:8080";
    public static final String MODEL = "chaperone-hub-1";
    public static final String FIRMWARE = "1.4.2";
    public static final List<String> ALL_KINDS = List.of("thermostat", "light", "camera", "lock", "wifi");

    @Inject
    Tokens tokens;
    @Inject
    Vertx vertx;
    @Inject
    Pool pool;
    @Inject
    io.quarkus.vertx.http.HttpServer httpServer;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private volatile boolean baselineRegistered;

    public record Home(String resident, String technician, String org, UUID homeId, UUID hubId, DeviceIdentity identity,
                       UUID templateId, UUID ticketId, SimulatedHub hub) {
    }

    /** A home whose hub is connected and whose inventory is stored; templates allow {@code ops}. */
    public Home home(List<String> ops, int expectedRate) {
        return home(ops, expectedRate, List.of("secret", "network", "media"));
    }

    /** As {@link #home(List, int)}, with the template's own redaction defaults (classes never revealed). */
    public Home home(List<String> ops, int expectedRate, List<String> redactionDefaults) {
        String ops_ = tokens.ops(Tokens.unique("ops"));
        String org = Tokens.unique("org");
        String providerId = given().auth().oauth2(ops_).contentType(ContentType.JSON)
                .body(Map.of("name", org, "org", org)).post("/api/v1/providers").then().statusCode(201).extract().path("id");
        String resident = Tokens.unique("resident");
        String homeId = given().auth().oauth2(tokens.resident(resident)).contentType(ContentType.JSON)
                .body(Map.of("name", "flat")).post("/api/v1/homes").then().statusCode(201).extract().path("id");
        DeviceIdentity identity = enroll(resident, UUID.fromString(homeId));
        String templateId = given().auth().oauth2(ops_).contentType(ContentType.JSON)
                .body(Map.of("name", Tokens.unique("template"), "description", "relay test", "ops", ops,
                        "deviceKinds", ALL_KINDS, "maxDurationMinutes", 120, "redactionDefaults", redactionDefaults,
                        "expectedCommandRate", expectedRate))
                .post("/api/v1/templates").then().statusCode(201).extract().path("id");
        String ticketId = given().auth().oauth2(tokens.resident(resident)).contentType(ContentType.JSON)
                .body(Map.of("homeId", homeId, "providerId", providerId, "category", "device", "summary", "help"))
                .post("/api/v1/tickets").then().statusCode(201).extract().path("id");
        SimulatedHub simulated = connectHub(identity);
        UUID hubId = identity.hubId();
        await().atMost(Duration.ofSeconds(10)).until(() -> deviceCount(hubId) == ALL_KINDS.size());
        return new Home(resident, Tokens.unique("tech"), org, UUID.fromString(homeId), hubId, identity,
                UUID.fromString(templateId), UUID.fromString(ticketId), simulated);
    }

    /** A claim code from the resident, then the hub's own enrollment with it (the real flow). */
    public DeviceIdentity enroll(String resident, UUID homeId) {
        String code = given().auth().oauth2(tokens.resident(resident)).post("/api/v1/homes/{id}/hub-claims", homeId)
                .then().statusCode(201).extract().path("claimCode");
        return HubEnroller.enroll(URI.create("http://127.0.0.1:" + RestAssured.port), code, "hub", MODEL, FIRMWARE);
    }

    /** A new home of {@code resident}, created over REST. */
    public UUID newHome(String resident) {
        return UUID.fromString(given().auth().oauth2(tokens.resident(resident)).contentType(ContentType.JSON)
                .body(Map.of("name", "flat")).post("/api/v1/homes").then().statusCode(201).extract().path("id"));
    }

    /** A hub enrolled into a new resident's new home, never connected (no inventory stored). */
    public DeviceIdentity enrollInNewHome() {
        String resident = Tokens.unique("resident");
        ensureBaseline();
        return enroll(resident, newHome(resident));
    }

    public SimulatedHub connectHub(DeviceIdentity identity) {
        return connectHub(identity, new HubAttester(identity, MODEL, FIRMWARE));
    }

    /** Connects with {@code attester} answering challenges; returns once the hub got its {@code welcome}. */
    public SimulatedHub connectHub(DeviceIdentity identity, HubAttester attester) {
        SimulatedHub hub = hubBuilder(identity).attestation(attester).build();
        try {
            hub.connect().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("hub could not connect", e);
        }
        opened.add(hub);
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.welcomeCount() > 0);
        return hub;
    }

    /** A simulated hub on the mTLS listener with {@code identity}, not yet connected. */
    public SimulatedHub.Builder hubBuilder(DeviceIdentity identity) {
        ensureBaseline();
        return SimulatedHub.builder(vertx, hubUri()).identity(identity).agent(agent(Clock.systemUTC()))
                .attestation(new HubAttester(identity, MODEL, FIRMWARE));
    }

    /** A standard home's hub agent that enforces session capabilities with the gateway's published keys. */
    public HubAgent agent(Clock clock) {
        return HubAgent.standardHome(clock).enforceCapabilities(
                CapabilityVerifier.fetch(URI.create("http://127.0.0.1:" + RestAssured.port + "/.well-known/jwks.json")));
    }

    /** The vendor baseline of the test hub model, registered by ops once per database. */
    public void ensureBaseline() {
        // Remembered per application start (the database is fresh then); also keeps fault tests off the database.
        if (baselineRegistered) {
            return;
        }
        baselineRegistered = true;
        registerBaseline(MODEL, FIRMWARE);
    }

    /** Registers the simulator's reference measurements of (model, firmware) as ops, unless they are already. */
    public void registerBaseline(String model, String firmware) {
        if (count("SELECT count(*) FROM attestation_baselines WHERE model = $1 AND firmware = $2", model, firmware) > 0) {
            return;
        }
        int status = given().auth().oauth2(tokens.ops(Tokens.unique("ops"))).contentType(ContentType.JSON)
                .body(Map.of("model", model, "firmware", firmware, "measurements", HubAttester.referenceMeasurements(model, firmware)))
                .post("/api/v1/ops/attestation-baselines").then().extract().statusCode();
        if (status != 201 && status != 409) {
            throw new IllegalStateException("baseline not registered: " + status);
        }
    }

    public URI hubUri() {
        return URI.create("wss://127.0.0.1:" + httpServer.getSecurePort() + "/ws/hub");
    }

    /**
     * The status of one hub upgrade on the mTLS listener with {@code identity}: 101 when admitted, the HTTP
     * status when refused, -1 when the TLS handshake itself failed.
     */
    public int hubUpgradeStatus(DeviceIdentity identity) {
        return upgradeStatus(track(hubBuilder(identity).build()));
    }

    /** Connects {@code hub} once: 101, the refusal's HTTP status, or -1 when TLS failed. */
    public int upgradeStatus(SimulatedHub hub) {
        try {
            hub.connect().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            return 101;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause() instanceof io.vertx.core.http.UpgradeRejectedException rejected ? rejected.getStatus() : -1;
        } catch (Exception e) {
            throw new IllegalStateException("hub upgrade did not finish", e);
        }
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Remembers a peer to close in {@link #closeAll()}. */
    public <T extends AutoCloseable> T track(T peer) {
        opened.add(peer);
        return peer;
    }

    /** Requests a session for {@code grants} and approves exactly those with a fresh step-up; returns its id. */
    public UUID approvedSession(Home home, List<Map<String, Object>> grants, List<String> reveal) {
        String sid = given().auth().oauth2(technicianToken(home)).contentType(ContentType.JSON)
                .body(Map.of("ticketId", home.ticketId(), "hubId", home.hubId(), "templateId", home.templateId(),
                        "durationMinutes", 60, "reason", "relay test", "scope", Map.of("grants", grants)))
                .post("/api/v1/sessions").then().statusCode(201).extract().path("id");
        // The scope is named: an approval without one grants only the read-only operations (docs/api.md).
        given().auth().oauth2(residentToken(home)).contentType(ContentType.JSON)
                .body(Map.of("reveal", reveal, "scope", Map.of("grants", grants)))
                .post("/api/v1/sessions/{id}/approve", sid).then().statusCode(200);
        return UUID.fromString(sid);
    }

    public String technicianToken(Home home) {
        return tokens.technician(home.technician(), home.org());
    }

    public String residentToken(Home home) {
        return tokens.residentAuthenticatedAt(home.resident(), Instant.now(), true);
    }

    public String connectTicket(Home home, UUID sessionId) {
        return given().auth().oauth2(technicianToken(home)).post("/api/v1/sessions/{id}/tickets", sessionId)
                .then().statusCode(201).extract().path("ticket");
    }

    /** The technician's socket for a session, opened with a fresh connect ticket and the allowed Origin. */
    public WsClient technician(Home home, UUID sessionId) {
        return open("/ws/sessions/" + sessionId, Map.of("Origin", ORIGIN,
                "Authorization", "Bearer " + connectTicket(home, sessionId)));
    }

    public WsClient open(String path, Map<String, String> headers) {
        WsClient client = WsClient.connect(vertx, RestAssured.port, path, headers);
        opened.add(client);
        return client;
    }

    public long deviceCount(UUID hubId) {
        return count("SELECT count(*) FROM devices WHERE hub_id = $1", hubId);
    }

    public long count(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> rows.iterator().next().getLong(0))
                .await().atMost(Duration.ofSeconds(10));
    }

    public String sessionState(UUID sessionId) {
        return pool.preparedQuery("SELECT state FROM support_sessions WHERE id = $1").execute(Tuple.of(sessionId))
                .map(rows -> rows.iterator().next().getString(0)).await().atMost(Duration.ofSeconds(10));
    }

    public void setExpiresAt(UUID sessionId, Instant expiresAt) {
        pool.preparedQuery("UPDATE support_sessions SET expires_at = $2 WHERE id = $1")
                .execute(Tuple.of(sessionId, expiresAt.atOffset(java.time.ZoneOffset.UTC)))
                .await().atMost(Duration.ofSeconds(10));
    }

    /** Audit rows of a chain of one kind with this correlation id. */
    public long auditRows(UUID chainId, String kind, String correlationId) {
        return count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = $2 AND correlation_id = $3",
                chainId, kind, correlationId);
    }

    public static Map<String, Object> grant(List<String> devices, List<String> ops) {
        return Map.of("devices", devices, "ops", ops);
    }

    /** Closes every hub and socket this world opened. */
    public void closeAll() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a peer that is already gone
            }
        }
        opened.clear();
    }
}
