package io.chaperone.cluster;

import io.chaperone.relay.LiveRegistry;
import io.chaperone.relay.RelayWorld;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.TcpFaultProxy;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.ORIGIN;
import static io.chaperone.relay.RelayWorld.grant;
import static io.chaperone.support.Management.management;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The change feed of one real node: what another node commits (written here from a second connection, exactly as
 * that node's transaction writes it, so V104's trigger sends the notice) reaches this node's sockets and caches;
 * a feed that is down is re-read after it reconnects, and beyond the bound the node fails closed.
 */
@QuarkusTest
@TestProfile(ChangeFeedProfile.class)
class ChangeFeedTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    TcpFaultProxy proxy;
    @Inject
    RelayWorld world;
    @Inject
    Pool pool;
    @Inject
    LiveRegistry registry;
    @Inject
    ChangeFeed feed;
    @Inject
    io.vertx.core.Vertx vertx;
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.datasource.reactive.max-size")
    int poolSize;

    @AfterEach
    void cleanUp() {
        proxy.restore();
        world.closeAll();
        await().atMost(WAIT).until(feed::confirmed);
    }

    private record Live(Home home, UUID sid, WsClient technician) {
    }

    /** A live session with a connected hub: the technician got its session frame and one command through. */
    private Live live() {
        await().atMost(WAIT).until(feed::confirmed);
        Home home = world.home(List.of("diag.read", "config.read"), 600);
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));
        technician.sendCommand("c-1", "thermostat-1", "diag.read");
        technician.awaitReply("result", "c-1");
        return new Live(home, sid, technician);
    }

    private void sql(String statement, Object... params) {
        pool.preparedQuery(statement).execute(Tuple.from(params)).await().atMost(WAIT);
    }

    /** What the revoke transaction of another node commits to the session row. */
    private void revokedElsewhere(UUID sid) {
        sql("UPDATE support_sessions SET state = 'revoked', ended_at = now(), end_reason = 'revoked by resident', "
                + "version = version + 1 WHERE id = $1", sid);
    }

    /** What erasure on another node commits: the home's key and its sessions' keys destroyed. */
    private void erasedElsewhere(UUID homeId) {
        sql("UPDATE home_data_keys SET wrapped_key = NULL, destroyed_at = now() WHERE home_id = $1", homeId);
        sql("UPDATE session_keys SET wrapped_key = NULL, shredded_at = now() WHERE home_id = $1 AND shredded_at IS NULL",
                homeId);
    }

    private long sessionCloses(Home home, UUID sid) {
        return home.hub().agent().receivedFrames().stream()
                .filter(f -> "session.close".equals(f.getString("type")) && sid.toString().equals(f.getString("sid")))
                .count();
    }

    @Test
    void shouldCloseTheTechnicianWithRevokedWhenAnotherNodeCommitsTheRevoke() {
        Live live = live();

        revokedElsewhere(live.sid());

        assertThat(live.technician().awaitClose()).isEqualTo(4002);
        await().atMost(WAIT).until(() -> sessionCloses(live.home(), live.sid()) == 1);
        assertThat(live.home().hub().agent().receivedFrames()).filteredOn(f -> "session.close".equals(f.getString("type")))
                .singleElement().satisfies(f -> assertThat(f.getString("reason")).isEqualTo("revoked"));
        assertThat(live.home().hub().agent().receivedCommands()).extracting(c -> c.getString("id")).containsExactly("c-1");
        assertThat(registry.hasSession(live.sid())).isFalse();
        // This node only acted on the other node's decision: it recorded no transition of its own, only why the
        // socket closed (session.closed, cause revoked).
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind LIKE 'session.%' "
                + "AND kind NOT IN ('session.requested', 'session.approved', 'session.activated', 'session.closed')",
                live.sid())).isZero();
        await().atMost(WAIT).until(() -> world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 "
                + "AND kind = 'session.closed' AND outcome = 'revoked'", live.sid()) == 1);
        assertThat(world.sessionState(live.sid())).isEqualTo("revoked");
    }

    @Test
    void shouldShutTheSessionOnAClosingAnnouncedBeforeItsCommit() {
        Live live = live();

        sql("SELECT pg_notify('chaperone_changes', $1)", "c|" + live.sid() + "|REVOKE|-|");

        assertThat(live.technician().awaitClose()).isEqualTo(4002);
        // Nothing was committed yet: the shut comes ahead of the revoke's own commit.
        assertThat(world.sessionState(live.sid())).isIn("active", "approved");
    }

    @Test
    void shouldIgnoreAClosingBySomeoneTheSessionDoesNotKnow() {
        Live live = live();

        sql("SELECT pg_notify('chaperone_changes', $1)", "c|" + live.sid() + "|REVOKE|RESIDENT|someone-else");
        sql("SELECT pg_notify('chaperone_changes', $1)", "c|" + live.sid() + "|REVOKE|TECHNICIAN|" + live.home().resident());

        live.technician().sendCommand("c-2", "thermostat-1", "diag.read");
        assertThat(live.technician().awaitReply("result", "c-2").getBoolean("ok")).isTrue();
        assertThat(live.technician().isOpen()).isTrue();
    }

    @Test
    void shouldSwapTheGrantWhenAnotherNodeApprovesAnEscalation() {
        Live live = live();
        live.technician().sendCommand("c-read", "thermostat-1", "config.read");
        assertThat(live.technician().awaitReply("denied", "c-read").getString("code")).isEqualTo("out_of_scope");

        sql("UPDATE support_sessions SET scope = $2, scope_version = 2, version = version + 1 WHERE id = $1", live.sid(),
                new JsonObject().put("version", 2).put("grants", List.of(Map.of("devices", List.of("thermostat-1"),
                        "ops", List.of("config.read", "diag.read")))).encode());

        JsonObject session = live.technician().await(f -> "session".equals(f.getString("type"))
                && f.getJsonObject("scope").getInteger("version") == 2);
        assertThat(session.getJsonObject("scope").getJsonArray("grants").getJsonObject(0).getJsonArray("ops"))
                .containsExactlyInAnyOrder("config.read", "diag.read");
        live.technician().sendCommand("c-read-2", "thermostat-1", "config.read");
        assertThat(live.technician().awaitReply("result", "c-read-2").getBoolean("ok")).isTrue();
    }

    @Test
    void shouldCloseTheHubWhenAnotherNodeRemovesIt() {
        Live live = live();

        sql("UPDATE hubs SET removed_at = now() WHERE id = $1", live.home().hubId());

        await().atMost(WAIT).until(() -> live.home().hub().lastCloseCode().orElse(0) == 4010);
        assertThat(registry.hub(live.home().hubId())).isNull();
    }

    @Test
    void shouldCloseTheHubWhenAnotherNodeKillsIt() {
        Live live = live();

        sql("UPDATE hubs SET killed_at = now(), kill_reason = 'test', killed_by = 'ops' WHERE id = $1",
                live.home().hubId());

        await().atMost(WAIT).until(() -> live.home().hub().lastCloseCode().orElse(0) == 4011);
    }

    @Test
    void shouldForgetCachedKeysWhenAnotherNodeErasesTheHome() {
        Live live = live();
        live.technician().close();
        String resident = world.residentToken(live.home());
        readAudit(resident, live.sid()).body("events[0].detail.erased", equalTo(null));

        erasedElsewhere(live.home().homeId());

        await().atMost(WAIT).untilAsserted(() -> readAudit(resident, live.sid()).body("events[0].detail.erased", equalTo(true)));
    }

    @Test
    void shouldForgetACachedSessionKeyWhenRetentionOnAnotherNodeShredsIt() {
        Live live = live();
        live.technician().close();
        String resident = world.residentToken(live.home());
        readAudit(resident, live.sid()).body("events[0].detail.erased", equalTo(null));

        // What RetentionJob commits on another node: only the session's key, the home key stays.
        sql("UPDATE session_keys SET wrapped_key = NULL, shredded_at = now() WHERE session_id = $1", live.sid());

        await().atMost(WAIT).untilAsserted(() -> readAudit(resident, live.sid()).body("events[0].detail.erased", equalTo(true)));
    }

    @Test
    void shouldApplyWhatWasMissedWhileTheFeedWasDownOnceItReconnects() {
        // A home whose session is over and whose keys this node has cached (erasure refuses homes with open sessions).
        Live over = live();
        over.technician().close();
        String resident = world.residentToken(over.home());
        readAudit(resident, over.sid()).body("events[0].detail.erased", equalTo(null));
        Live live = live();
        proxy.cut();
        // Their notices reach nobody: this node does not listen now.
        revokedElsewhere(live.sid());
        sql("UPDATE hubs SET removed_at = now() WHERE id = $1", live.home().hubId());
        erasedElsewhere(over.home().homeId());
        assertThat(live.technician().isOpen()).isTrue();

        proxy.restore();

        // Within the bound: the re-read after the reconnect closes it as revoked (not the fail-closed 4005).
        assertThat(live.technician().awaitClose()).isEqualTo(4002);
        await().atMost(WAIT).until(() -> live.home().hub().lastCloseCode().orElse(0) == 4010);
        await().atMost(WAIT).until(feed::confirmed);
        readAudit(resident, over.sid()).body("events[0].detail.erased", equalTo(true));
    }

    @Test
    void shouldFailClosedBeyondTheBoundAndAdmitAgainOnceConfirmed() {
        Live live = live();
        UUID other = world.approvedSession(live.home(), List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        String ticket = world.connectTicket(live.home(), other);
        Map<String, String> upgrade = Map.of("Origin", ORIGIN, "Authorization", "Bearer " + ticket);
        long silentAt = System.nanoTime();

        proxy.blackhole();   // a partition: no FIN, the connection just goes quiet

        assertThat(live.technician().awaitClose()).isEqualTo(4005);
        long shutAfterMillis = (System.nanoTime() - silentAt) / 1_000_000;
        assertThat(shutAfterMillis).isGreaterThanOrEqualTo(ChangeFeedProfile.BOUND_MILLIS - ChangeFeedProfile.HEARTBEAT_MILLIS);
        assertThat(live.technician().closeReason()).isEqualTo("revocation state unconfirmed");
        // The audit/unavailable style close: the session stays approved, the technician may come back later.
        await().atMost(WAIT).until(() -> "approved".equals(world.sessionState(live.sid())));
        management().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'revocation-feed' }.status", equalTo("DOWN"));
        assertThatThrownBy(() -> world.open("/ws/sessions/" + other, upgrade))
                .isInstanceOfSatisfying(WsClient.Refused.class, refused -> assertThat(refused.status()).isEqualTo(503));
        assertThat(live.home().hub().agent().receivedCommands()).extracting(c -> c.getString("id")).containsExactly("c-1");

        proxy.restore();

        await().atMost(WAIT).untilAsserted(() -> management().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'revocation-feed' }.status", equalTo("UP")));
        WsClient again = world.open("/ws/sessions/" + other, upgrade);
        assertThat(again.await(f -> "session".equals(f.getString("type"))).getString("state")).isEqualTo("active");
    }

    /**
     * Ordinary traffic holding every connection of the application's pool for longer than the bound says nothing
     * about the feed: the heartbeat rides the feed's own connection, so the node stays confirmed (it failed closed
     * with 4005 for every session when the beat queued for the pool), and a revoke committed elsewhere meanwhile
     * shuts the session at once from the notice (the re-read waits for the pool, the close does not).
     */
    @Test
    void shouldStayConfirmedAndCloseOnARevokeWhileOrdinaryTrafficHoldsTheWholePool() throws Exception {
        Live live = live();
        long holdMillis = ChangeFeedProfile.BOUND_MILLIS + 3_000;
        List<java.util.concurrent.CompletableFuture<?>> held = new java.util.ArrayList<>();
        for (int i = 0; i < poolSize + 4; i++) {
            held.add(pool.query("SELECT pg_sleep(" + holdMillis / 1000.0 + ")").execute().subscribeAsCompletionStage());
        }
        await().atMost(WAIT).until(() -> ownerCount("SELECT count(*) FROM pg_stat_activity "
                + "WHERE query LIKE 'SELECT pg_sleep(%' AND state = 'active' AND usename = 'chaperone_app'") >= poolSize);
        long heldSince = System.nanoTime();

        await().during(Duration.ofMillis(ChangeFeedProfile.BOUND_MILLIS + 500)).atMost(Duration.ofMillis(holdMillis))
                .until(feed::confirmed);

        ownerCount("UPDATE support_sessions SET state = 'revoked', ended_at = now(), end_reason = 'revoked by resident', "
                + "version = version + 1 WHERE id = '" + live.sid() + "' RETURNING 1");
        assertThat(live.technician().awaitClose()).isEqualTo(4002);
        assertThat(held).noneMatch(java.util.concurrent.CompletableFuture::isDone);
        assertThat(Duration.ofNanos(System.nanoTime() - heldSince)).isLessThan(Duration.ofMillis(holdMillis));
        assertThat(live.home().hub().agent().receivedCommands()).extracting(c -> c.getString("id")).containsExactly("c-1");
        java.util.concurrent.CompletableFuture.allOf(held.toArray(java.util.concurrent.CompletableFuture[]::new))
                .get(holdMillis * 3, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** A statement as the database owner on a connection of its own (another node's, not this node's pool). */
    private static long ownerCount(String sql) throws Exception {
        String db = System.getenv().getOrDefault("CHAPERONE_TEST_DB", "chaperone_test");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + db,
                "postgres", "postgres"); java.sql.ResultSet r = c.createStatement().executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void shouldAnnounceAClosingBeforeItsCommitAndTheCommitItselfWhenTheSessionIsLiveElsewhere() throws Exception {
        Home home = world.home(List.of("diag.read"), 600);
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.vertx.pgclient.pubsub.PgSubscriber listener = io.vertx.pgclient.pubsub.PgSubscriber.subscriber(vertx,
                io.vertx.pgclient.PgConnectOptions.fromUri("postgresql://127.0.0.1:5432/"
                        + System.getenv().getOrDefault("CHAPERONE_TEST_DB", "chaperone_test")).setUser("postgres").setPassword("postgres"));
        java.util.concurrent.CompletableFuture<Void> listening = new java.util.concurrent.CompletableFuture<>();
        listener.channel("chaperone_changes").subscribeHandler(v -> listening.complete(null))
                .handler(payload -> { if (payload.contains(sid.toString())) { heard.add(payload); } });
        listener.connect().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        try {
            listening.get(10, java.util.concurrent.TimeUnit.SECONDS);
            String resident = world.residentToken(home);

            given().auth().oauth2(resident).post("/api/v1/sessions/{id}/revoke", sid).then().statusCode(200);

            await().atMost(WAIT).until(() -> heard.contains("s|" + sid + "|revoked|1"));
            assertThat(heard.get(0)).startsWith("c|" + sid + "|REVOKE|RESIDENT|" + home.resident());
            assertThat(heard).containsOnlyOnce("s|" + sid + "|revoked|1");
        } finally {
            listener.close();
        }
    }

    private static io.restassured.response.ValidatableResponse readAudit(String token, UUID sid) {
        return given().auth().oauth2(token).get("/api/v1/sessions/{id}/audit?kind=command", sid).then().statusCode(200);
    }

    @Inject
    io.chaperone.optout.LiveFeedChoices choices;

    private void choiceElsewhere(UUID homeId, String content) {
        sql("INSERT INTO home_logging_choices (home_id, live_feed_content, changed_at) VALUES ($1, $2, now()) "
                + "ON CONFLICT (home_id) DO UPDATE SET live_feed_content = $2, changed_at = now(), "
                + "version = home_logging_choices.version + 1", homeId, content);
    }

    @Test
    void shouldMakeTheLiveFeedMinimalWhenAnotherNodeCommitsTheLoggingChoice() {
        Live live = live();
        WsClient watcher = world.open("/ws/homes/" + live.home().homeId() + "/activity",
                Map.of("Origin", ORIGIN, "Authorization", "Bearer " + world.residentToken(live.home())));
        assertThat(choices.minimal(live.home().homeId())).isFalse();

        choiceElsewhere(live.home().homeId(), "minimal");
        await().atMost(WAIT).until(() -> choices.minimal(live.home().homeId()));
        live.technician().sendCommand("c-2", "thermostat-1", "diag.read");
        live.technician().awaitReply("result", "c-2");

        JsonObject command = watcher.await(f -> "activity".equals(f.getString("type"))
                && "command".equals(f.getJsonObject("event").getString("kind")));
        assertThat(command.getJsonObject("event").fieldNames()).containsExactlyInAnyOrder("chainId", "seq", "at", "kind");

        choiceElsewhere(live.home().homeId(), "full");
        await().atMost(WAIT).until(() -> !choices.minimal(live.home().homeId()));
    }

    @Test
    void shouldReReadTheLoggingChoicesMissedWhileTheFeedWasDown() {
        await().atMost(WAIT).until(feed::confirmed);
        Home turnedOn = world.home(List.of("diag.read"), 600);
        Home turnedOff = world.home(List.of("diag.read"), 600);
        choiceElsewhere(turnedOff.homeId(), "minimal");
        await().atMost(WAIT).until(() -> choices.minimal(turnedOff.homeId()));
        proxy.cut();

        choiceElsewhere(turnedOn.homeId(), "minimal");
        choiceElsewhere(turnedOff.homeId(), "full");
        assertThat(choices.minimal(turnedOn.homeId())).isFalse();
        assertThat(choices.minimal(turnedOff.homeId())).isTrue();

        proxy.restore();

        await().atMost(WAIT).until(() -> choices.minimal(turnedOn.homeId()) && !choices.minimal(turnedOff.homeId()));
    }
}
