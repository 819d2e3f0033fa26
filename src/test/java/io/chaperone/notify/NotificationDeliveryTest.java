package io.chaperone.notify;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.chaperone.relay.RelayWorld;
import io.chaperone.support.MutableClock;
import io.chaperone.support.SmtpServerResource;
import io.chaperone.support.Tokens;
import io.chaperone.support.WebhookReceiver;
import io.chaperone.support.WebhookReceiver.Received;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox end to end against the real app: a webhook receiver and an SMTP server started in the test, signatures
 * checked by an independent implementation of the Standard Webhooks scheme, retries and the dead letter driven by the
 * app's clock, a pass that died holding its lease, and two concurrent passes.
 */
@QuarkusTest
class NotificationDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Notifications notifications;
    @Inject
    NotificationDispatcher dispatcher;
    @Inject
    WebhookDelivery webhooks;
    @Inject
    Deliveries deliveries;
    @Inject
    RelayWorld world;
    @Inject
    Tokens tokens;
    @Inject
    MutableClock clock;
    @Inject
    Pool pool;

    private final List<WebhookReceiver> receivers = new ArrayList<>();
    private String resident;
    private UUID home;
    private Instant t0;

    @BeforeEach
    void home() {
        resident = Tokens.unique("resident");
        home = world.newHome(resident);
        t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.pin(t0);
    }

    @AfterEach
    void cleanUp() {
        clock.reset();
        receivers.forEach(WebhookReceiver::close);
    }

    @Test
    void shouldSignEveryAttemptVerifiablyAndDeliverOnTheRetryAfterA500() {
        WebhookReceiver receiver = receiver(n -> n == 1 ? 500 : 204);
        String secret = addWebhook(receiver);
        assertThat(secret).startsWith("whsec_");

        publish(NotificationKind.ANOMALY_FLAGGED, "Unusual activity in a support session");
        await().atMost(WAIT).until(() -> Integer.valueOf(500).equals(delivery().get("lastStatus")));
        Map<String, Object> first = delivery();
        assertThat(first).containsEntry("state", "pending").containsEntry("attempts", 1)
                .containsEntry("nextAttemptAt", t0.plusSeconds(10).toString());

        clock.pin(t0.plusSeconds(10).minusMillis(1));
        dispatcher.pass().await().atMost(WAIT);
        assertThat(receiver.received()).hasSize(1);

        clock.pin(t0.plusSeconds(10));
        dispatcher.pass().await().atMost(WAIT);
        assertThat(receiver.received()).hasSize(2);
        assertThat(delivery()).containsEntry("state", "delivered").containsEntry("attempts", 2)
                .containsEntry("lastStatus", 204).containsEntry("deliveredAt", t0.plusSeconds(10).toString());

        Received retried = receiver.received().get(1);
        assertThat(receiver.received()).allSatisfy(r -> assertThat(verifies(secret, r)).isTrue());
        assertThat(receiver.received().get(0).header("webhook-id")).isEqualTo(retried.header("webhook-id"));
        assertThat(receiver.received().get(0).header("webhook-timestamp")).isEqualTo(Long.toString(t0.getEpochSecond()));
        assertThat(retried.header("webhook-timestamp")).isEqualTo(Long.toString(t0.getEpochSecond() + 10));
        JsonObject body = new JsonObject(retried.body());
        assertThat(body.getString("type")).isEqualTo("anomaly.flagged");
        assertThat(body.getJsonObject("data").getString("title")).isEqualTo("Unusual activity in a support session");
        assertThat(body.getJsonObject("data").getString("homeId")).isEqualTo(home.toString());
        // The independent check really checks: a changed body, or another endpoint's secret, fails it.
        assertThat(verifies(secret, new Received(retried.headers(), retried.body().replace("Unusual", "Usual")))).isFalse();
        assertThat(verifies(WebhookSignature.newSecret(), retried)).isFalse();
    }

    @Test
    void shouldDeadLetterAfterTheLastAttemptAndSendNothingMore() {
        WebhookReceiver receiver = receiver(n -> 500);
        addWebhook(receiver);

        publish(NotificationKind.SESSION_ENDED, "A support session in your home ended");
        await().atMost(WAIT).until(() -> receiver.received().size() == 1 && Integer.valueOf(1).equals(delivery().get("attempts"))
                && "500".equals(String.valueOf(delivery().get("lastStatus"))));
        clock.pin(t0.plusSeconds(10));
        dispatcher.pass().await().atMost(WAIT);
        assertThat(delivery()).containsEntry("state", "pending").containsEntry("attempts", 2)
                .containsEntry("nextAttemptAt", t0.plusSeconds(30).toString());
        clock.pin(t0.plusSeconds(30));
        dispatcher.pass().await().atMost(WAIT);
        assertThat(delivery()).containsEntry("state", "dead").containsEntry("attempts", 3).containsEntry("lastStatus", 500)
                .containsEntry("lastError", "http 500");

        clock.pin(t0.plus(Duration.ofHours(2)));
        dispatcher.pass().await().atMost(WAIT);
        assertThat(receiver.received()).hasSize(3);
        assertThat(delivery()).containsEntry("state", "dead").containsEntry("attempts", 3);
    }

    @Test
    void shouldDeliverOnceWhenThePassThatClaimedItDiedAfterTheCommit() {
        WebhookReceiver receiver = receiver(n -> 204);
        addWebhook(receiver);
        // A caller's transaction that rolls back leaves no notification; one that commits leaves exactly one.
        assertThat(transactionThatFails()).isInstanceOf(IllegalStateException.class);
        UUID id = inTransaction(() -> notifications.enqueue(home, NotificationKind.REPORT_READY,
                NotificationSummary.of("The report of your support session is ready", null)));
        assertThat(count("SELECT count(*) FROM notifications WHERE home_id = $1", home)).isEqualTo(1);

        // Pass A fans out and claims, then dies before sending (the node is killed): nothing is sent.
        dispatcher.fanOut().await().atMost(WAIT);
        UUID leaseOfTheDeadPass = UUID.randomUUID();
        assertThat(webhooks.claim(leaseOfTheDeadPass, t0).await().atMost(WAIT))
                .singleElement().satisfies(c -> assertThat(c.notificationId()).isEqualTo(id));

        // Another node's passes leave it alone while the lease holds, and take it over the millisecond it ends.
        clock.pin(t0.plusSeconds(60).minusMillis(1));
        dispatcher.pass().await().atMost(WAIT);
        assertThat(receiver.received()).isEmpty();
        clock.pin(t0.plusSeconds(60));
        dispatcher.pass().await().atMost(WAIT);
        dispatcher.pass().await().atMost(WAIT);
        assertThat(receiver.received()).hasSize(1);
        assertThat(delivery()).containsEntry("state", "delivered").containsEntry("attempts", 2);

        // The dead pass, were it to come back, cannot overwrite the result: its lease is gone.
        UUID deliveryId = UUID.fromString((String) delivery().get("id"));
        deliveries.failed(deliveryId, leaseOfTheDeadPass, t0, 9, 1, Duration.ZERO, 500, "late").await().atMost(WAIT);
        assertThat(delivery()).containsEntry("state", "delivered").containsEntry("lastStatus", 204);
    }

    @Test
    void shouldSendEachDeliveryOnceWhenPassesRunConcurrently() {
        WebhookReceiver receiver = receiver(n -> 204);
        addWebhook(receiver);
        for (int i = 0; i < 6; i++) {
            inTransaction(() -> notifications.enqueue(home, NotificationKind.APPROVAL_NEEDED,
                    NotificationSummary.of("A technician asks for access to your home", null)));
        }

        Uni.combine().all().unis(dispatcher.pass(), dispatcher.pass(), dispatcher.pass(), dispatcher.pass())
                .discardItems().await().atMost(WAIT);
        dispatcher.pass().await().atMost(WAIT);

        assertThat(receiver.received()).hasSize(6);
        assertThat(receiver.received().stream().map(r -> r.header("webhook-id")).distinct()).hasSize(6);
        assertThat(count("SELECT count(*) FROM notification_deliveries WHERE home_id = $1 AND state = 'delivered'"
                + " AND attempts = 1", home)).isEqualTo(6);
    }

    @Test
    void shouldSendOneDigestWithSummariesAndASignInLinkOnceTheWindowHasPassed() throws Exception {
        String address = Tokens.unique("resident") + "@example.test";
        given().auth().oauth2(tokens.resident(resident)).contentType(ContentType.JSON)
                .body(Map.of("emailEnabled", true, "emailAddress", address, "webhookEnabled", true, "mutedKinds", List.of()))
                .put("/api/v1/homes/{id}/notification-preferences", home).then().statusCode(200);

        publish(NotificationKind.APPROVAL_NEEDED, "A technician asks for access to your home");
        publish(NotificationKind.SESSION_ENDED, "A support session in your home ended");
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM notification_deliveries WHERE home_id = $1"
                + " AND channel = 'email'", home) == 2);

        clock.pin(t0.plus(Duration.ofMinutes(15)).minusMillis(1));
        dispatcher.pass().await().atMost(WAIT);
        assertThat(messagesTo(address)).isEmpty();

        clock.pin(t0.plus(Duration.ofMinutes(15)));
        dispatcher.pass().await().atMost(WAIT);
        await().atMost(WAIT).until(() -> messagesTo(address).size() == 1);
        MimeMessage mail = messagesTo(address).get(0);
        String text = GreenMailUtil.getBody(mail);
        assertThat(mail.getSubject()).isEqualTo("Chaperone: 2 updates about your home");
        assertThat(text).contains("A technician asks for access to your home", "A support session in your home ended",
                "Sign in to see the details and to decide: https://gateway.chaperone.local/");
        assertThat(text).doesNotContain("whsec_", home.toString());
        assertThat(count("SELECT count(*) FROM notification_deliveries WHERE home_id = $1 AND channel = 'email'"
                + " AND state = 'delivered'", home)).isEqualTo(2);

        dispatcher.pass().await().atMost(WAIT);
        assertThat(messagesTo(address)).hasSize(1);
    }

    @Test
    void shouldNotSendMutedKindsByWebhookAndShowNobodyElseTheSettings() {
        WebhookReceiver receiver = receiver(n -> 204);
        addWebhook(receiver);
        given().auth().oauth2(tokens.resident(resident)).contentType(ContentType.JSON)
                .body(Map.of("emailEnabled", false, "webhookEnabled", true, "mutedKinds", List.of("session.ended")))
                .put("/api/v1/homes/{id}/notification-preferences", home).then().statusCode(200);

        publish(NotificationKind.SESSION_ENDED, "A support session in your home ended");
        publish(NotificationKind.ANOMALY_FLAGGED, "Unusual activity in a support session");
        await().atMost(WAIT).until(() -> receiver.received().size() == 1);
        dispatcher.pass().await().atMost(WAIT);

        assertThat(receiver.received()).singleElement()
                .satisfies(r -> assertThat(new JsonObject(r.body()).getString("type")).isEqualTo("anomaly.flagged"));
        String stranger = tokens.resident(Tokens.unique("stranger"));
        given().auth().oauth2(stranger).get("/api/v1/homes/{id}/notifications", home).then().statusCode(404);
        given().auth().oauth2(stranger).get("/api/v1/homes/{id}/webhooks", home).then().statusCode(404);
        given().auth().oauth2(tokens.resident(resident)).contentType(ContentType.JSON)
                .body(Map.of("emailEnabled", false, "webhookEnabled", true, "mutedKinds", List.of("nope")))
                .put("/api/v1/homes/{id}/notification-preferences", home).then().statusCode(400)
                .body("code", org.hamcrest.Matchers.equalTo("unknown_notification_kind"));
    }

    // --- helpers ---

    /** Standard Webhooks verification, written from the spec, sharing no code with the gateway. */
    static boolean verifies(String secret, Received request) {
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String content = request.header("webhook-id") + "." + request.header("webhook-timestamp") + "." + request.body();
            byte[] expected = Base64.getEncoder().encode(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
            for (String signature : request.header("webhook-signature").split(" ")) {
                String[] parts = signature.split(",", 2);
                if (parts.length == 2 && "v1".equals(parts[0])
                        && MessageDigest.isEqual(expected, parts[1].getBytes(StandardCharsets.US_ASCII))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private WebhookReceiver receiver(java.util.function.IntUnaryOperator status) {
        WebhookReceiver receiver = new WebhookReceiver(status);
        receivers.add(receiver);
        return receiver;
    }

    private String addWebhook(WebhookReceiver receiver) {
        return given().auth().oauth2(tokens.resident(resident)).contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url())).post("/api/v1/homes/{id}/webhooks", home)
                .then().statusCode(201).extract().path("secret");
    }

    private void publish(NotificationKind kind, String title) {
        notifications.publish(home, kind, new NotificationSummary(title, null, Map.of("device", "thermostat-1")))
                .await().atMost(WAIT);
    }

    /** The one delivery of the home's one notification, as the resident's API shows it. */
    private Map<String, Object> delivery() {
        List<Map<String, Object>> all = given().auth().oauth2(tokens.resident(resident))
                .get("/api/v1/homes/{id}/notifications", home).then().statusCode(200)
                .extract().path("deliveries.flatten()");
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private Throwable transactionThatFails() {
        try {
            inTransaction(() -> notifications.enqueue(home, NotificationKind.REPORT_READY,
                            NotificationSummary.of("never", null))
                    .chain(id -> Uni.createFrom().failure(new IllegalStateException("caller failed"))));
            return null;
        } catch (IllegalStateException e) {
            return e.getCause() instanceof IllegalStateException cause ? cause : e;
        }
    }

    private long count(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> rows.iterator().next().getLong(0))
                .await().atMost(WAIT);
    }

    private static List<MimeMessage> messagesTo(String address) {
        return Arrays.stream(SmtpServerResource.server().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(address));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @SuppressWarnings("unchecked")
    private static <T> T inTransaction(java.util.function.Supplier<Uni<? extends T>> work) {
        try {
            return (T) VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> (Uni<T>) work.get()));
        } catch (Throwable e) {
            throw new IllegalStateException("transaction failed", e);
        }
    }
}
