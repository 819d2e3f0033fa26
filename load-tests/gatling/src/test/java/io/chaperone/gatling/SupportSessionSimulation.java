package io.chaperone.gatling;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.exitHereIfFailed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;

/**
 * Scenario 07: the realistic support-session flow, one virtual user per session. The resident and the
 * technician sign in (bench accounts of the development issuer, with a second factor), the resident opens a
 * support ticket for a home of the seats file, the technician asks for {@code diag.read} on the home hub's
 * thermostat, the resident approves (step-up), the technician takes a connect ticket, opens the session socket,
 * waits for the {@code session} frame and sends a mix of commands: {@code diag.read} must come back as the hub's
 * {@code result}, {@code config.write} (outside the approved scope) as {@code denied out_of_scope}. Then the
 * technician ends the session and reads its audit: one {@code command} event per allowed command.
 * <p>
 * The hubs are the load generator's hub fleet ({@code LoadMain --scenario hub-fleet}), which writes the seats file
 * (homeId,hubId,providerId,templateId). Settings are system properties (defaults in load-tests/gatling/pom.xml).
 */
public class SupportSessionSimulation extends Simulation {

    private static final String GATEWAY = System.getProperty("gateway", "http://127.0.0.1:18080");
    private static final String SEATS = System.getProperty("seats", "../target/hub-seats.csv");
    private static final double USERS_PER_SEC = Double.parseDouble(System.getProperty("usersPerSec", "2"));
    private static final int RAMP_SECONDS = Integer.getInteger("rampSeconds", 10);
    private static final int DURATION_SECONDS = Integer.getInteger("durationSeconds", 60);
    private static final int COMMANDS = Integer.getInteger("commands", 20);
    private static final double OUT_OF_SCOPE_PERCENT = Double.parseDouble(System.getProperty("outOfScopePercent", "10"));
    private static final Duration THINK = Duration.ofMillis(Integer.getInteger("thinkMillis", 100));
    private static final int REST_P99_MILLIS = Integer.getInteger("restP99Millis", 500);
    private static final int COMMAND_P99_MILLIS = Integer.getInteger("commandP99Millis", 250);

    /** The only browser origins the bench profile accepts on the session socket (chaperone.relay.allowed-origins). */
    private static final String ORIGIN = "http://localhost:8080";
    private static final String DEVICE = "thermostat-1";
    private static final String FLOW = "session flow";
    private static final String RESULT = "diag.read result";
    private static final String DENIED = "config.write denied";
    private static final List<String> REST = List.of("login resident", "login technician", "open support ticket",
            "request session", "approve session", "connect ticket", "end session", "read audit");

    private static HttpRequestActionBuilder login(String name, String account, String saveAs) {
        return http(name).post("/dev-issuer/login").header("Content-Type", "application/json")
                .body(StringBody("{\"username\":\"" + account + "\",\"password\":\"bench\",\"mfa\":true}"))
                .check(status().is(200), jsonPath("$.accessToken").saveAs(saveAs));
    }

    private static String command(String op) {
        return "{\"type\":\"cmd\",\"id\":\"c-#{n}\",\"device\":\"" + DEVICE + "\",\"op\":\"" + op + "\",\"args\":{}}";
    }

    /** In scope: the hub's answer, relayed; counted so the audit can be checked against it. */
    private static final ChainBuilder DIAG_READ = exec(ws("diag.read").sendText(command("diag.read"))
            .await(10).on(ws.checkTextMessage(RESULT).matching(jsonPath("$.id").isEL("c-#{n}"))
                    .check(jsonPath("$.type").is("result"), jsonPath("$.ok").ofBoolean().is(true))))
            .exec(session -> session.set("allowed", session.getInt("allowed") + 1));

    /** Outside the approved scope: the gateway refuses it without asking the hub. */
    private static final ChainBuilder CONFIG_WRITE = exec(ws("config.write").sendText(command("config.write"))
            .await(10).on(ws.checkTextMessage(DENIED).matching(jsonPath("$.id").isEL("c-#{n}"))
                    .check(jsonPath("$.type").is("denied"), jsonPath("$.code").is("out_of_scope"))));

    private static final ChainBuilder FLOW_STEPS = exec(session -> session.set("allowed", 0)).exec(
            login("login resident", "bench-resident", "resident"),
            login("login technician", "bench-tech", "tech"),
            exitHereIfFailed(),
            http("open support ticket").post("/api/v1/tickets").header("Authorization", "Bearer #{resident}")
                    .header("Content-Type", "application/json")
                    .body(StringBody("{\"homeId\":\"#{homeId}\",\"providerId\":\"#{providerId}\",\"category\":\"device\","
                            + "\"summary\":\"The thermostat shows 35 degrees\"}"))
                    .check(status().is(201), jsonPath("$.state").is("open"), jsonPath("$.id").saveAs("ticketId")),
            http("request session").post("/api/v1/sessions").header("Authorization", "Bearer #{tech}")
                    .header("Content-Type", "application/json")
                    .body(StringBody("{\"ticketId\":\"#{ticketId}\",\"hubId\":\"#{hubId}\",\"templateId\":\"#{templateId}\","
                            + "\"durationMinutes\":30,\"reason\":\"thermostat check\",\"scope\":{\"grants\":[{\"devices\":[\""
                            + DEVICE + "\"],\"ops\":[\"diag.read\"]}]}}"))
                    .check(status().is(201), jsonPath("$.state").is("requested"), jsonPath("$.id").saveAs("sid")),
            exitHereIfFailed(),
            http("approve session").post("/api/v1/sessions/#{sid}/approve").header("Authorization", "Bearer #{resident}")
                    .header("Content-Type", "application/json").body(StringBody("{\"reveal\":[]}"))
                    .check(status().is(200), jsonPath("$.state").is("approved")),
            http("connect ticket").post("/api/v1/sessions/#{sid}/tickets").header("Authorization", "Bearer #{tech}")
                    .check(status().is(201), jsonPath("$.ticket").saveAs("connectTicket")),
            exitHereIfFailed(),
            ws("open socket").connect("/ws/sessions/#{sid}").header("Authorization", "Bearer #{connectTicket}")
                    .header("Origin", ORIGIN)
                    .await(10).on(ws.checkTextMessage("session frame").matching(jsonPath("$.type").is("session"))
                            .check(jsonPath("$.state").is("active"), jsonPath("$.hubOnline").ofBoolean().is(true))),
            exitHereIfFailed(),
            repeat(COMMANDS, "n").on(commandMix(), pause(THINK)),
            // The gateway closes the socket with 4003 when the session ends (docs/protocol.md). Gatling cannot see
            // close codes; the hub fleet counts the session.close "ended" frames its hubs get instead.
            http("end session").post("/api/v1/sessions/#{sid}/end").header("Authorization", "Bearer #{tech}")
                    .check(status().is(200), jsonPath("$.state").is("ended")),
            ws("close socket").close(),
            http("read audit").get("/api/v1/sessions/#{sid}/audit?kind=command&size=1")
                    .header("Authorization", "Bearer #{tech}")
                    .check(status().is(200), jsonPath("$.total").ofInt().is(session -> session.getInt("allowed"))));

    private static ChainBuilder commandMix() {
        if (OUT_OF_SCOPE_PERCENT <= 0) {
            return DIAG_READ;
        }
        return exec(randomSwitch().on(percent(100 - OUT_OF_SCOPE_PERCENT).then(DIAG_READ),
                percent(OUT_OF_SCOPE_PERCENT).then(CONFIG_WRITE)));
    }

    private final HttpProtocolBuilder protocol = http.baseUrl(GATEWAY).wsBaseUrl(GATEWAY.replaceFirst("^http", "ws"))
            .acceptHeader("application/json");

    private final ScenarioBuilder flow = scenario("support session").feed(csv(SEATS).circular())
            .group(FLOW).on(FLOW_STEPS);

    {
        setUp(flow.injectOpen(rampUsersPerSec(0.2).to(USERS_PER_SEC).during(RAMP_SECONDS),
                constantUsersPerSec(USERS_PER_SEC).during(DURATION_SECONDS)))
                .protocols(protocol)
                .assertions(assertions());
    }

    /**
     * No failed request or check at all; every flow got as far as ending its session; REST calls p99 under
     * {@code restP99Millis}, command round trips p99 under {@code commandP99Millis} (see the scenario README).
     */
    private static List<Assertion> assertions() {
        List<Assertion> all = new ArrayList<>();
        all.add(global().failedRequests().count().is(0L));
        all.add(details(FLOW, "end session").successfulRequests().count().gt(0L));
        for (String name : REST) {
            all.add(details(FLOW, name).responseTime().percentile(99.0).lt(REST_P99_MILLIS));
        }
        all.add(details(FLOW, RESULT).responseTime().percentile(99.0).lt(COMMAND_P99_MILLIS));
        if (OUT_OF_SCOPE_PERCENT > 0) {
            all.add(details(FLOW, DENIED).responseTime().percentile(99.0).lt(COMMAND_P99_MILLIS));
        }
        return all;
    }
}
