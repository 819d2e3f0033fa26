package io.chaperone.launch;

import io.chaperone.support.PackagedJar;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README.md's commands exactly as written, as a newcomer runs them on a machine whose default {@code java} is 17:
 * no JAVA_HOME, /usr/bin first on the PATH, a fresh copy of the sources (so the run command's build cannot touch
 * the target/ this verify is testing) and so a fresh embedded data directory. The gateway must come up with its
 * banner on the README's ports, every URL the banner and the README print must answer, a session driven over REST
 * like "A whole session in five commands" must let the terminal command run an allowed and a denied command and
 * close on revocation with 4002, and Ctrl-C (SIGINT to the process group, as a terminal sends it) must leave no
 * process behind, after writing the AOT cache that the run command records on a build's first run. Takes about as
 * long as one package build plus a start and the cache's assembly (measured in docs/benchmarks.md).
 */
class ReadmeCommandsIT {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path COPY = PROJECT.resolve("target/readme-run");
    private static final Duration BUILD_AND_START_BOUND = Duration.ofMinutes(10);
    /** The first run of a checkout writes its AOT recording as it stops (a few seconds; ADR 0041). */
    private static final Duration STOP_BOUND = Duration.ofSeconds(180);
    private static final Pattern BANNER_URL = Pattern.compile("http://localhost:\\d+[^\\s'\")`\\\\]*");
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private Process gateway;
    private Process terminal;

    @AfterEach
    void killLeftovers() throws Exception {
        if (terminal != null) {
            terminal.destroyForcibly();
        }
        if (gateway != null && gateway.isAlive()) {
            new ProcessBuilder("kill", "-KILL", "--", "-" + gateway.pid()).start().waitFor(10, TimeUnit.SECONDS);
        }
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(COPY.toString()))
                .forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void shouldRunTheReadmesCommandsAsWrittenFromAFreshCopyOnTheDefaultJava() throws Exception {
        // Given the README's commands and a fresh copy of the sources
        ReadmeCommands readme = ReadmeCommands.read(PROJECT.resolve("README.md"));
        SourceCopy.of(PROJECT, COPY, List.of("pom.xml", "mvnw", ".mvn", "src", "README.md"));
        Path log = COPY.resolve("run.log");
        long started = System.nanoTime();

        // When the run command is typed (in its own process group, like a shell's foreground job)
        gateway = newcomerShell(readme.run()).redirectErrorStream(true).redirectOutput(log.toFile()).start();

        // Then it builds, starts, prints its banner and connects the two simulated hubs
        await().atMost(BUILD_AND_START_BOUND).pollInterval(Duration.ofSeconds(1)).until(() -> {
            assertTrue(gateway.isAlive(), () -> "the run command ended early:\n" + PackagedJar.tail(log));
            String out = Files.readString(log);
            return out.contains("=========================================================")
                    && liveHubs(out).size() == 2 && PackagedJar.status(get("http://localhost:9000/q/health/ready")) == 200;
        });
        System.out.printf("README run command: built and ready in %d s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        String out = Files.readString(log);
        String banner = out.substring(out.indexOf("==================== Chaperone demo"));

        // and every URL the banner and the README print answers
        String alice = login("alice");
        String tom = login("tom");
        List<String> urls = new ArrayList<>(readme.urls());
        BANNER_URL.matcher(banner).results().map(MatchResult::group).filter(u -> !urls.contains(u)).forEach(urls::add);
        for (String url : urls) {
            assertTrue(answers(url, tom), url + " does not answer as printed");
        }

        // When tom asks for diagnostics on the thermostat and alice approves (the README's five commands)
        String sid = api(tom).body(Map.of("ticketId", id(banner, "support ticket"),
                        "hubId", liveHubs(out).getFirst(), "templateId", id(banner, "template Diagnostics (read-only)"),
                        "durationMinutes", 30, "reason", "thermostat check",
                        "scope", Map.of("grants", List.of(Map.of("devices", List.of("thermostat-1"),
                                "ops", List.of("diag.read", "logs.read"))))))
                .post("/api/v1/sessions").then().statusCode(201).extract().path("id");
        api(alice).body("{}").post("/api/v1/sessions/" + sid + "/approve").then().statusCode(200);

        // and the terminal command runs an allowed command, then one outside the consent
        ProcessBuilder terminalShell = newcomerShell(readme.terminal()).redirectErrorStream(true);
        terminalShell.environment().putAll(Map.of("GW", "http://localhost:8080", "SID", sid, "TOM", tom));
        terminal = terminalShell.start();
        List<String> shown = lines(terminal);
        Writer typed = new OutputStreamWriter(terminal.getOutputStream(), StandardCharsets.UTF_8);
        awaitShown(shown, "connected to session " + sid);
        // the session frame says the session is open on the hub too (docs/terminal.md)
        awaitShown(shown, "[session] active");
        type(typed, "thermostat-1 diag.read");
        awaitShown(shown, "[c-1] ok");
        type(typed, "thermostat-1 config.write {\"setpoint\":22}");
        awaitShown(shown, "[c-2] DENIED");

        // and alice revokes
        api(alice).post("/api/v1/sessions/" + sid + "/revoke").then().statusCode(200);

        // Then the terminal closes with 4002 and ends when its input does
        awaitShown(shown, "connection closed: revoked by the resident (4002");
        typed.close();
        assertTrue(terminal.waitFor(30, TimeUnit.SECONDS), "the terminal did not end: " + shown);
        assertEquals(1, terminal.exitValue(), "a revoked session is not a normal end");

        // When Ctrl-C is pressed in the run command's terminal
        List<ProcessHandle> tree = gateway.descendants().toList();
        new ProcessBuilder("kill", "-INT", "--", "-" + gateway.pid()).start().waitFor(10, TimeUnit.SECONDS);

        // Then Maven, the gateway and its PostgreSQL are all gone
        await().atMost(STOP_BOUND).pollInterval(Duration.ofMillis(250)).until(() -> !gateway.isAlive()
                && tree.stream().noneMatch(ProcessHandle::isAlive)
                && ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").contains(COPY.toString())));
        assertTrue(Files.readString(log).contains("embedded PostgreSQL stopped") || Files.notExists(
                COPY.resolve("target/embedded-pg/postmaster.pid")), "PostgreSQL shut down cleanly");
        // and this first run of the checkout recorded the AOT configuration the next run assembles and starts with,
        // for the package it kept (the JVM writes it as it stops, after Maven, which held its output, has gone)
        assertTrue(Files.readString(log).contains("AOT cache: none for this build; recording one"), PackagedJar.tail(log));
        assertTrue(Files.size(COPY.resolve("target/aot-run/quarkus-app/app.aot.config")) > 0, "no AOT recording written");
        assertTrue(Files.isRegularFile(COPY.resolve("target/aot-run/quarkus-app/app.aot.fingerprint")), "no fingerprint");
        assertTrue(Files.isRegularFile(COPY.resolve("target/aot-run/sources.fingerprint")), "no sources fingerprint");
    }

    /** A shell as a newcomer's: no JAVA_HOME, the machine's default java first, in the copy, in its own session. */
    private static ProcessBuilder newcomerShell(String command) {
        // env --default-signal: a shell started in the background ignores SIGINT and its children inherit that;
        // a newcomer's terminal does not, so Ctrl-C must reach the gateway as it would there
        ProcessBuilder builder = new ProcessBuilder("setsid", "env", "--default-signal=INT", "bash", "-c", command)
                .directory(COPY.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", "/usr/bin:/bin:/usr/local/bin");
        env.put("HOME", System.getProperty("user.home"));
        env.put("CI", "true");
        // Maven reads MAVEN_ARGS: this build's local repository, which already holds everything the same pom needs
        // (so offline: CI's fresh clone resolved it moments ago), not the README's words
        env.put("MAVEN_ARGS", "-o -Dmaven.repo.local=" + System.getProperty("chaperone.it.maven-repo-local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        return builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    }

    private static List<String> liveHubs(String out) {
        return Pattern.compile("live simulated hub .*?(" + UUID_TEXT + ")\\s+\\(use this hub id").matcher(out)
                .results().map(m -> m.group(1)).distinct().toList();
    }

    private static String id(String banner, String label) {
        Matcher m = Pattern.compile(Pattern.quote(label) + "\\s+(" + UUID_TEXT + ")").matcher(banner);
        assertTrue(m.find(), "the banner shows no " + label + ":\n" + banner);
        return m.group(1);
    }

    private static RequestSpecification api(String token) {
        return given().baseUri("http://localhost:8080").auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static String login(String user) {
        return given().baseUri("http://localhost:8080").contentType(ContentType.JSON)
                .body(Map.of("username", user, "password", user + "-demo", "mfa", true))
                .post("/dev-issuer/login").then().statusCode(200).extract().path("accessToken");
    }

    /** A printed URL answers: a bare origin with anything, login with a token, the API with 200 for a signed-in caller. */
    private static boolean answers(String url, String token) {
        URI uri = URI.create(url);
        if (uri.getPath().isEmpty()) {
            return PackagedJar.status(get(url)) > 0;
        }
        if (uri.getPath().endsWith("/dev-issuer/login")) {
            return PackagedJar.status(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"alice-demo\"}"))) == 200;
        }
        String target = uri.getPath().endsWith("/api/v1") ? url + "/me" : url;
        return PackagedJar.status(get(target).header("Authorization", "Bearer " + token)) == 200;
    }

    private static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).GET();
    }

    private static List<String> lines(Process process) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
            } catch (IOException | RuntimeException e) {
                lines.add("(terminal output ended: " + e.getClass().getSimpleName() + ")");
            }
        }, "terminal-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static void awaitShown(List<String> shown, String text) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertTrue(
                shown.stream().anyMatch(l -> l.contains(text)), () -> "the terminal did not show " + text + ":\n"
                        + String.join("\n", shown)));
    }

    private static void type(Writer typed, String line) throws IOException {
        typed.write(line + "\n");
        typed.flush();
    }
}
