package io.chaperone.cli;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The terminal client compiles as Java 21, parses its command line and lines, and talks the protocol. */
class ChaperoneTerminalTest {

    static final Path SOURCE = Path.of("src/main/cli/ChaperoneTerminal.java");

    @TempDir
    static Path classes;
    static Class<?> terminal;

    @BeforeAll
    static void compile() throws Exception {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean ok = compiler.getTask(null, files, diagnostics, List.of("--release", "21", "-d", classes.toString()),
                    null, files.getJavaFileObjects(SOURCE)).call();
            assertTrue(ok, () -> diagnostics.getDiagnostics().toString());
        }
        terminal = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ClassLoader.getPlatformClassLoader()).loadClass("ChaperoneTerminal");
    }

    private static Object call(String name, Object... args) throws Throwable {
        for (Method m : terminal.getDeclaredMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                m.setAccessible(true);
                try {
                    return m.invoke(null, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new NoSuchMethodException(name);
    }

    private static Object get(Object record, String accessor) throws Exception {
        Method m = record.getClass().getDeclaredMethod(accessor);
        m.setAccessible(true);
        return m.invoke(record);
    }

    private static String refusal(Object... args) {
        try {
            call(args.length == 2 ? "parseArgs" : "parseLine", args);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted");
    }

    /** What a fake gateway can read of a DPoP proof without verifying it: typ, alg, htm, htu, ath. */
    private static String proofClaims(String proof) {
        if (proof == null) {
            return "none";
        }
        String[] parts = proof.split("\\.");
        JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        return header.getString("typ") + " " + header.getString("alg") + " " + claims.getString("htm") + " "
                + claims.getString("htu") + " " + claims.getString("ath");
    }

    private static String ath(String ticket) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void shouldParseOptionsAndDeriveTicketAndSocketAddresses() throws Throwable {
        Object options = call("parseArgs", new String[] {"--gateway", "http://localhost:8080", "--session", "3f2a-77",
                "--token", "tok"}, Map.of());

        assertEquals("tok", get(options, "token"));
        assertEquals("http://localhost:8080", get(options, "origin"));
        assertEquals(URI.create("http://localhost:8080/api/v1/sessions/3f2a-77/tickets"), get(options, "ticketUri"));
        assertEquals(URI.create("ws://localhost:8080/ws/sessions/3f2a-77"), get(options, "socketUri"));
        assertEquals(URI.create("http://localhost:8080/ws/sessions/3f2a-77"), get(options, "upgradeUri"));
    }

    @Test
    void shouldUseWssForHttpsAndTokenFromEnvironment() throws Throwable {
        Object options = call("parseArgs", new String[] {"--gateway", "https://gw.example:8443/", "--session", "s1",
                "--origin", "https://gw.example:8443"}, Map.of("CHAPERONE_TOKEN", "env-tok"));

        assertEquals("env-tok", get(options, "token"));
        assertEquals(URI.create("wss://gw.example:8443/ws/sessions/s1"), get(options, "socketUri"));
        assertEquals("https://gw.example:8443", get(options, "origin"));
    }

    @Test
    void shouldRefuseBadCommandLines() {
        Map<String, String> noEnv = Map.of();
        assertEquals("a bearer token is needed: --token or CHAPERONE_TOKEN",
                refusal(new String[] {"--gateway", "http://h:1", "--session", "s1"}, noEnv));
        assertEquals("--gateway must be http(s)://host[:port]",
                refusal(new String[] {"--gateway", "ftp://h", "--session", "s1", "--token", "t"}, noEnv));
        assertEquals("--session must be a session id",
                refusal(new String[] {"--gateway", "http://h:1", "--session", "../admin", "--token", "t"}, noEnv));
        assertEquals("unknown option --verbose", refusal(new String[] {"--verbose"}, noEnv));
        assertEquals("--token needs a value",
                refusal(new String[] {"--gateway", "http://h:1", "--session", "s1", "--token"}, noEnv));
    }

    @Test
    void shouldParseCommandLinesAndBuildTheCmdFrame() throws Throwable {
        Object send = call("parseLine", "  thermostat-1 config.write {\"setpoint\": 22.5, \"mode\":\"heat\"} ");

        assertEquals("thermostat-1", get(send, "device"));
        assertEquals("config.write", get(send, "op"));
        assertEquals("{\"type\":\"cmd\",\"id\":\"c-3\",\"device\":\"thermostat-1\",\"op\":\"config.write\","
                + "\"args\":{\"setpoint\":22.5,\"mode\":\"heat\"}}", call("commandFrame", "c-3", send));
        assertEquals("{\"type\":\"cmd\",\"id\":\"c-1\",\"device\":\"light-1\",\"op\":\"diag.read\",\"args\":{}}",
                call("commandFrame", "c-1", call("parseLine", "light-1 diag.read")));
        assertEquals("Help", call("parseLine", "help").getClass().getSimpleName());
        assertEquals("ShowScope", call("parseLine", "scope").getClass().getSimpleName());
        assertEquals("Quit", call("parseLine", "quit").getClass().getSimpleName());
        assertEquals("Quit", call("parseLine", (Object) null).getClass().getSimpleName(), "end of input quits");
        assertEquals("Blank", call("parseLine", "   ").getClass().getSimpleName());
    }

    @Test
    void shouldRefuseBadCommands() {
        assertEquals("unknown operation 'nuke'; type help", refusal("light-1 nuke"));
        assertEquals("expected <device> <op> [json-args]; type help", refusal("light-1"));
        assertEquals("arguments must be a JSON object, e.g. {\"lines\":20}", refusal("light-1 logs.read [20]"));
        assertEquals("expected '}' at position 6", refusal("light-1 logs.read {\"a\":1"));
    }

    @Test
    void shouldRenderFramesReadably() throws Throwable {
        assertEquals("[c-2] DENIED out_of_scope: not in scope (you may request an escalation)", call("render",
                "{\"type\":\"denied\",\"id\":\"c-2\",\"code\":\"out_of_scope\",\"message\":\"not in scope\",\"escalatable\":true}"));
        assertEquals("[c-4] ok\n{\n  \"ssid\": \"home\",\n  \"psk\": <secret hidden, sha256:ab>\n}", call("render",
                "{\"type\":\"result\",\"id\":\"c-4\",\"ok\":true,\"data\":{\"ssid\":\"home\",\"psk\":{\"$redacted\":\"secret\",\"hash\":\"sha256:ab\"}}}"));
        assertEquals("[!] the session expires in 60 s", call("render", "{\"type\":\"expiring\",\"inSeconds\":60}"));
        assertEquals("[session] active, expires 2026-03-01T12:00:00Z\nscope v1:\n  [thermostat-1] may [diag.read]"
                + "\ndevices:\n  thermostat-1 (thermostat, ok)", call("render", "{\"type\":\"session\",\"sid\":\"s\","
                + "\"state\":\"active\",\"expiresAt\":\"2026-03-01T12:00:00Z\",\"scope\":{\"version\":1,\"grants\":"
                + "[{\"devices\":[\"thermostat-1\"],\"ops\":[\"diag.read\"]}]},\"devices\":[{\"id\":\"thermostat-1\","
                + "\"kind\":\"thermostat\",\"status\":\"ok\"}]}"));
        assertEquals("[?] unreadable frame", call("render", "{oops"));
        assertEquals("connection closed: revoked by the resident (4002 revoked)", call("describeClose", 4002, "revoked"));
    }

    @Test
    void shouldGetTicketOpenSocketWithOriginSendCommandAndPrintResult() throws Exception {
        Vertx vertx = Vertx.vertx();
        List<String> seen = new CopyOnWriteArrayList<>();
        try {
            Router router = Router.router(vertx);
            router.post("/api/v1/sessions/s-1/tickets").handler(ctx -> {
                seen.add("ticket-auth:" + ctx.request().getHeader("Authorization"));
                seen.add("ticket-dpop:" + proofClaims(ctx.request().getHeader("DPoP")));
                ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("ticket", "ct-123").put("sessionId", "s-1").encode());
            });
            HttpServer server = vertx.createHttpServer().requestHandler(router).webSocketHandler(ws -> {
                seen.add("ws:" + ws.path() + " " + ws.headers().get("Authorization") + " " + ws.headers().get("Origin"));
                seen.add("ws-dpop:" + proofClaims(ws.headers().get("DPoP")));
                ws.textMessageHandler(text -> {
                    seen.add("frame:" + text);
                    JsonObject cmd = new JsonObject(text);
                    ws.writeTextMessage(new JsonObject().put("type", "result").put("id", cmd.getString("id"))
                            .put("ok", true).put("data", new JsonObject().put("setpoint", 21.5)).encode());
                });
            }).listen(0).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);

            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--source", "21", SOURCE.toString(), "--gateway", "http://127.0.0.1:" + server.actualPort(),
                    "--session", "s-1", "--token", "identity-tok").redirectErrorStream(true).start();
            process.getOutputStream().write("thermostat-1 config.read\nquit\n".getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "terminal did not finish");
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertEquals(0, process.exitValue(), output);
            assertTrue(output.contains("[c-1] ok\n{\n  \"setpoint\": 21.5\n}"), output);
            assertTrue(output.contains("connection closed: closed (1000"), output);
            String gateway = "http://127.0.0.1:" + server.actualPort();
            assertEquals(List.of("ticket-auth:Bearer identity-tok",
                    "ticket-dpop:dpop+jwt ES256 POST " + gateway + "/api/v1/sessions/s-1/tickets null",
                    "ws:/ws/sessions/s-1 Bearer ct-123 http://localhost:8080",
                    "ws-dpop:dpop+jwt ES256 GET " + gateway + "/ws/sessions/s-1 " + ath("ct-123"),
                    "frame:{\"type\":\"cmd\",\"id\":\"c-1\",\"device\":\"thermostat-1\",\"op\":\"config.read\",\"args\":{}}"),
                    seen);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }
}
