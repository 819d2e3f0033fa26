package io.chaperone.load;

import com.fasterxml.jackson.databind.JsonNode;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Builds the benchmark world over REST, the way users do, with the bench profile's development-issuer
 * accounts: one provider (org {@code bench}), one template allowing {@code diag.read} on thermostats at
 * the highest expected rate, and homes with hubs, tickets and approved sessions.
 */
final class BenchWorld {

    static final String ORIGIN = "http://localhost:8080";

    record HubSeat(String homeId, String hubId, HubIdentity identity) {
    }

    private final Rest rest;
    /** Where revocations are sent: the same gateway, or another node of a cluster (scenario 08, {@code --revoke-url}). */
    private volatile Rest revokeRest;
    /** The resident's token for {@link #revokeRest} when it is another node (null: {@link #resident()}). */
    private volatile String revokeToken;
    private final Semaphore parallel = new Semaphore(16);
    private final String ops;
    private final String technician;
    private volatile String resident;
    private final String providerId;
    private final String templateId;

    BenchWorld(Rest rest) {
        this.rest = rest;
        this.revokeRest = rest;
        this.ops = rest.login("bench-ops", "bench");
        this.technician = rest.login("bench-tech", "bench");
        this.resident = rest.login("bench-resident", "bench");
        refreshResidentEveryTwoMinutes();
        // People are provisioned on their first call; do it once, before the parallel calls race for it.
        for (String token : new String[] {ops, technician, resident}) {
            rest.get("/api/v1/me", token);
        }
        this.providerId = rest.post("/api/v1/providers", ops, Map.of("name", "Bench provider", "org", "bench"), 201)
                .join().get("id").asText();
        this.templateId = rest.post("/api/v1/templates", ops, Map.of("name", "bench-" + System.nanoTime(),
                "description", "load test", "ops", List.of("diag.read"), "deviceKinds", List.of("thermostat"),
                "maxDurationMinutes", 120, "redactionDefaults", List.of("secret"), "expectedCommandRate", 10_000),
                201).join().get("id").asText();
        rest.post("/api/v1/ops/attestation-baselines", ops, Map.of("model", HubIdentity.MODEL, "firmware",
                HubIdentity.FIRMWARE, "measurements", HubIdentity.referenceMeasurements()), 201).join();
        rest.get("/api/v1/me", technician); // the technician is provisioned once its provider exists
    }

    /**
     * {@code n} hubs enrolled as real hubs are ({@code perHome} to a home): the resident asks for a claim code,
     * the hub sends its CSR with it and gets its certificate. Each gets a host name of {@code connector}.
     */
    List<HubSeat> hubs(HubConnector connector, int n, int perHome) {
        List<CompletableFuture<HubSeat>> seats = new ArrayList<>();
        String homeId = null;
        for (int i = 0; i < n; i++) {
            if (i % perHome == 0) {
                homeId = throttled(() -> rest.post("/api/v1/homes", resident(), Map.of("name", "bench home"), 201))
                        .join().get("id").asText();
            }
            String home = homeId;
            String host = connector.allocateHost();
            seats.add(throttled(() -> rest.post("/api/v1/homes/" + home + "/hub-claims", resident(), null, 201)
                    .thenCompose(claim -> enroll(home, host, claim.get("claimCode").asText()))));
        }
        return seats.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<HubSeat> enroll(String homeId, String host, String claimCode) {
        KeyPair keys = HubIdentity.newKeyPair();
        return rest.post("/api/v1/hubs/enroll", null, Map.of("claimCode", claimCode, "csr", HubIdentity.csr(keys),
                        "name", host, "model", HubIdentity.MODEL, "firmware", HubIdentity.FIRMWARE), 201)
                .thenApply(answer -> new HubSeat(homeId, answer.get("hubId").asText(), HubIdentity.enrolled(host, keys,
                        answer.get("hubId").asText(), answer.get("certificate").asText(), answer.get("caCertificate").asText())));
    }

    /** A ticket, a session request for diag.read on the thermostat, the resident's approval; the session id. */
    CompletableFuture<String> approvedSession(HubSeat hub, int minutes) {
        return throttled(() -> rest.post("/api/v1/tickets", resident(), Map.of("homeId", hub.homeId(),
                        "providerId", providerId, "category", "device", "summary", "bench"), 201)
                .thenCompose(ticket -> rest.post("/api/v1/sessions", technician, Map.of("ticketId", ticket.get("id").asText(),
                        "hubId", hub.hubId(), "templateId", templateId, "durationMinutes", minutes, "reason", "bench",
                        "scope", Map.of("grants", List.of(Map.of("devices", List.of(SimHub.DEVICE), "ops", List.of("diag.read")))))
                        , 201))
                .thenCompose(session -> rest.post("/api/v1/sessions/" + session.get("id").asText() + "/approve",
                        resident(), Map.of("reveal", List.of()), 200))
                .thenApply(session -> session.get("id").asText()));
    }

    /** The provider (org {@code bench}) the technician belongs to, for drivers that open their own tickets. */
    String providerId() {
        return providerId;
    }

    /** The template allowing {@code diag.read} on thermostats. */
    String templateId() {
        return templateId;
    }

    CompletableFuture<String> connectTicket(String sid) {
        // Not throttled: it runs in an HTTP client thread after a throttled call; blocking there would deadlock.
        return rest.post("/api/v1/sessions/" + sid + "/tickets", technician, null, 201)
                .thenApply(t -> t.get("ticket").asText());
    }

    /**
     * Sends later revocations to {@code other}, another cluster node. Ids are the same on every node; the development
     * issuer's tokens are not (each node signs its own), so the resident signs in on that node.
     */
    void revokeThrough(Rest other) {
        this.revokeToken = other.login("bench-resident", "bench");
        this.revokeRest = other;
    }

    CompletableFuture<JsonNode> revoke(String sid) {
        String token = revokeToken;
        return revokeRest.post("/api/v1/sessions/" + sid + "/revoke", token == null ? resident() : token, null, 200);
    }

    /**
     * Approvals need a recent second factor (step-up max age 5 min): a daemon thread signs the resident in again every
     * 2 minutes. Never refreshed inside a call's completion: a blocking login there once waited for a completion that
     * needed the same (2-core: single) common-pool thread, and the setup hung for good when it took over 2 minutes.
     */
    private String resident() {
        return resident;
    }

    private void refreshResidentEveryTwoMinutes() {
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "resident-login");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(() -> {
            try {
                resident = rest.login("bench-resident", "bench");
            } catch (RuntimeException e) {
                System.out.println("resident re-login failed (" + e.getMessage() + "), the next try in 2 minutes");
            }
        }, 2, 2, TimeUnit.MINUTES);
    }

    private <T> CompletableFuture<T> throttled(Supplier<CompletableFuture<T>> call) {
        parallel.acquireUninterruptibly();
        return call.get().whenComplete((v, e) -> parallel.release());
    }
}
