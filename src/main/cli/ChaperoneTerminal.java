import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Chaperone terminal: a technician's command line into an approved support session.
 *
 * <pre>java src/main/cli/ChaperoneTerminal.java --gateway http://localhost:8080 --session &lt;id&gt; --token &lt;bearer&gt;</pre>
 *
 * Makes a key pair for this run, gets a single-use connect ticket bound to it (a DPoP proof on the
 * request) with the bearer token, opens the session socket with the ticket and a proof for the upgrade,
 * prints what the gateway sends and sends what you type: {@code <device> <op> [json-args]}, {@code help}, {@code scope},
 * {@code quit}. JDK classes only, so it runs from source on any JDK 21+. See docs/terminal.md.
 */
public final class ChaperoneTerminal {

    static final Set<String> OPERATIONS = Set.of("diag.read", "logs.read", "net.test", "config.read",
            "config.write", "device.reboot", "hub.reboot", "firmware.update");
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");
    private static final Map<Integer, String> CLOSE_MEANINGS = Map.of(4001, "session expired",
            4002, "revoked by the resident", 4003, "session ended", 4004, "session suspended",
            4005, "audit unavailable", 4006, "hub went offline", 4008, "superseded by a newer connection",
            1008, "policy violation", 1009, "message too big");
    static final String USAGE = """
            usage: java ChaperoneTerminal.java --gateway <http(s)://host:port> --session <id> [--token <bearer>]
                                               [--origin <origin>]
              --token defaults to the CHAPERONE_TOKEN environment variable (keeps it out of the process list)
              --origin defaults to http://localhost:8080""";
    static final String HELP = """
            commands:
              <device> <op> [json-args]   e.g.  thermostat-1 config.write {"setpoint":22}
              scope                       what this session may do, and the hub's devices
              help                        this text
              quit                        leave (the session stays approved until it ends)
            operations: diag.read logs.read net.test config.read config.write device.reboot hub.reboot firmware.update""";

    /** Command-line options. */
    record Options(URI gateway, String session, String token, String origin) {
        URI ticketUri() { return gateway.resolve("/api/v1/sessions/" + session + "/tickets"); }

        URI socketUri() {
            String scheme = "https".equals(gateway.getScheme()) ? "wss" : "ws";
            return URI.create(scheme + "://" + gateway.getRawAuthority() + "/ws/sessions/" + session);
        }

        /** The socket's URL as the HTTP request that upgrades it: what a DPoP proof's {@code htu} names. */
        URI upgradeUri() { return gateway.resolve("/ws/sessions/" + session); }
    }

    /** This run's EC P-256 key: the connect ticket is bound to it, and it signs DPoP proofs (RFC 9449). */
    static final class ProofKey {
        private final KeyPair pair;
        private final String jwk;

        ProofKey() throws GeneralSecurityException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            pair = generator.generateKeyPair();
            ECPublicKey key = (ECPublicKey) pair.getPublic();
            jwk = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + coordinate(key.getW().getAffineX())
                    + "\",\"y\":\"" + coordinate(key.getW().getAffineY()) + "\"}";
        }

        /** A compact ES256 {@code dpop+jwt} for one request; {@code ticket} non-null adds its {@code ath}. */
        String proof(String method, URI target, String ticket) throws GeneralSecurityException {
            String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + jwk + "}";
            String claims = "{\"jti\":" + Json.quote(UUID.randomUUID().toString()) + ",\"htm\":" + Json.quote(method)
                    + ",\"htu\":" + Json.quote(target.toString()) + ",\"iat\":" + Instant.now().getEpochSecond()
                    + (ticket == null ? "" : ",\"ath\":" + Json.quote(base64url(MessageDigest.getInstance("SHA-256")
                            .digest(ticket.getBytes(StandardCharsets.US_ASCII))))) + "}";
            String signingInput = base64url(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + base64url(claims.getBytes(StandardCharsets.UTF_8));
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(pair.getPrivate());
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64url(signer.sign());
        }

        /** A P-256 coordinate as the JWK wants it: exactly 32 big-endian bytes, base64url. */
        private static String coordinate(BigInteger value) {
            byte[] bytes = value.toByteArray();
            byte[] fixed = new byte[32];
            int length = Math.min(bytes.length, 32);
            System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
            return base64url(fixed);
        }

        private static String base64url(byte[] bytes) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
    }

    /** One line typed by the technician. */
    sealed interface Line permits Send, Help, ShowScope, Quit, Blank {
    }

    record Send(String device, String op, String argsJson) implements Line {
    }

    record Help() implements Line {
    }

    record ShowScope() implements Line {
    }

    record Quit() implements Line {
    }

    record Blank() implements Line {
    }

    static Options parseArgs(String[] args, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!Set.of("--gateway", "--session", "--token", "--origin").contains(name)) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            values.put(name, args[++i]);
        }
        String gateway = values.get("--gateway");
        if (gateway == null || !gateway.matches("https?://[^/\\s]+/?")) {
            throw new IllegalArgumentException("--gateway must be http(s)://host[:port]");
        }
        String session = values.get("--session");
        if (session == null || !SESSION_ID.matcher(session).matches()) {
            throw new IllegalArgumentException("--session must be a session id");
        }
        String token = values.getOrDefault("--token", env.get("CHAPERONE_TOKEN"));
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a bearer token is needed: --token or CHAPERONE_TOKEN");
        }
        String origin = values.getOrDefault("--origin", "http://localhost:8080");
        return new Options(URI.create(gateway.endsWith("/") ? gateway : gateway + "/"), session, token.strip(), origin);
    }

    static Line parseLine(String line) {
        String text = line == null ? "quit" : line.strip();
        if (text.isEmpty()) {
            return new Blank();
        }
        String[] parts = text.split("\\s+", 3);
        switch (parts[0]) {
            case "help", "?" -> { return new Help(); }
            case "scope" -> { return new ShowScope(); }
            case "quit", "exit" -> { return new Quit(); }
            default -> { }
        }
        if (parts.length < 2) {
            throw new IllegalArgumentException("expected <device> <op> [json-args]; type help");
        }
        if (!OPERATIONS.contains(parts[1])) {
            throw new IllegalArgumentException("unknown operation '" + parts[1] + "'; type help");
        }
        String argsJson = parts.length == 3 ? parts[2] : "{}";
        if (!(Json.parse(argsJson) instanceof Map)) {
            throw new IllegalArgumentException("arguments must be a JSON object, e.g. {\"lines\":20}");
        }
        return new Send(parts[0], parts[1], argsJson);
    }

    static String commandFrame(String id, Send send) {
        return "{\"type\":\"cmd\",\"id\":" + Json.quote(id) + ",\"device\":" + Json.quote(send.device())
                + ",\"op\":" + Json.quote(send.op()) + ",\"args\":" + Json.write(Json.parse(send.argsJson()), -1) + "}";
    }

    /** A gateway frame as text for a person. */
    @SuppressWarnings("unchecked")
    static String render(String frameJson) {
        Object parsed;
        try {
            parsed = Json.parse(frameJson);
        } catch (IllegalArgumentException e) {
            return "[?] unreadable frame";
        }
        if (!(parsed instanceof Map<?, ?> raw)) {
            return "[?] unexpected frame";
        }
        Map<String, Object> f = (Map<String, Object>) raw;
        String id = String.valueOf(f.getOrDefault("id", "-"));
        return switch (String.valueOf(f.get("type"))) {
            case "session" -> "[session] " + f.get("state") + ", expires " + f.get("expiresAt") + "\n"
                    + renderScope(f);
            case "result" -> Boolean.TRUE.equals(f.get("ok"))
                    ? "[" + id + "] ok" + (f.get("data") == null ? "" : "\n" + Json.write(f.get("data"), 2))
                    + (f.get("configChange") == null ? "" : "\nconfig change:\n" + Json.write(f.get("configChange"), 2))
                    : "[" + id + "] failed: " + Json.write(f.get("error"), -1);
            case "output" -> String.valueOf(f.get("chunk")).stripTrailing();
            case "denied" -> "[" + id + "] DENIED " + f.get("code") + ": " + f.get("message")
                    + (Boolean.TRUE.equals(f.get("escalatable")) ? " (you may request an escalation)" : "");
            case "expiring" -> "[!] the session expires in " + Json.write(f.get("inSeconds"), -1) + " s";
            case "error" -> "[error] " + f.get("code") + ": " + f.get("message");
            case "event" -> "[event] " + f.get("device") + " " + f.get("status");
            default -> "[" + f.get("type") + "] " + Json.write(f, -1);
        };
    }

    @SuppressWarnings("unchecked")
    static String renderScope(Map<String, Object> session) {
        StringBuilder out = new StringBuilder();
        if (session.get("scope") instanceof Map<?, ?> scope) {
            out.append("scope v").append(Json.write(scope.get("version"), -1)).append(':');
            if (scope.get("grants") instanceof List<?> grants) {
                for (Object g : grants) {
                    Map<String, Object> grant = (Map<String, Object>) g;
                    out.append("\n  ").append(grant.get("devices")).append(" may ").append(grant.get("ops"));
                }
            }
        }
        if (session.get("devices") instanceof List<?> devices) {
            out.append("\ndevices:");
            for (Object d : devices) {
                out.append("\n  ").append(d instanceof Map<?, ?> m ? m.get("id") + " (" + m.get("kind") + ", "
                        + m.get("status") + ")" : String.valueOf(d));
            }
        }
        return out.toString();
    }

    static String describeClose(int code, String reason) {
        String meaning = CLOSE_MEANINGS.getOrDefault(code, code == 1000 ? "closed" : "closed by the gateway");
        return "connection closed: " + meaning + " (" + code + (reason == null || reason.isBlank() ? "" : " " + reason) + ")";
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parseArgs(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        System.exit(new ChaperoneTerminal().run(options, System.out));
    }

    private final AtomicReference<String> lastSession = new AtomicReference<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();

    int run(Options options, PrintStream out) throws IOException, InterruptedException, GeneralSecurityException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ProofKey key = new ProofKey();
        HttpResponse<String> ticketResponse = http.send(HttpRequest.newBuilder(options.ticketUri())
                .header("Authorization", "Bearer " + options.token()).header("Accept", "application/json")
                .header("DPoP", key.proof("POST", options.ticketUri(), null))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (ticketResponse.statusCode() != 201 && ticketResponse.statusCode() != 200) {
            out.println("could not get a connect ticket: HTTP " + ticketResponse.statusCode() + " " + problemOf(ticketResponse.body()));
            return 1;
        }
        Object ticket = Json.parse(ticketResponse.body()) instanceof Map<?, ?> m ? m.get("ticket") : null;
        if (!(ticket instanceof String ticketText)) {
            out.println("the gateway answered without a ticket");
            return 1;
        }
        WebSocket socket;
        try {
            socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + ticketText)
                    .header("DPoP", key.proof("GET", options.upgradeUri(), ticketText))
                    .header("Origin", options.origin()).connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(options.socketUri(), new Printer(out)).join();
        } catch (RuntimeException e) {
            out.println("could not open the session socket: " + rootMessage(e));
            return 1;
        }
        out.println("connected to session " + options.session() + "; type help for commands");
        return repl(socket, out);
    }

    private int repl(WebSocket socket, PrintStream out) throws IOException, InterruptedException {
        Console console = System.console();
        BufferedReader stdin = console == null ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)) : null;
        int next = 1;
        while (!closed.isDone()) {
            String text = console != null ? console.readLine("> ") : stdin.readLine();
            Line line;
            try {
                line = parseLine(text);
            } catch (IllegalArgumentException e) {
                out.println(e.getMessage());
                continue;
            }
            switch (line) {
                case Blank b -> { }
                case Help h -> out.println(HELP);
                case ShowScope s -> out.println(lastSession.get() == null ? "no session frame yet" : render(lastSession.get()));
                case Quit q -> {
                    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
                    return awaitClose(out);
                }
                case Send send -> socket.sendText(commandFrame("c-" + next++, send), true).join();
            }
        }
        return awaitClose(out);
    }

    private int awaitClose(PrintStream out) throws InterruptedException {
        try {
            int code = closed.get(5, TimeUnit.SECONDS);
            return code == 1000 || code == 4003 ? 0 : 1;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            out.println("connection lost");
            return 1;
        }
    }

    private static String problemOf(String body) {
        try {
            return Json.parse(body) instanceof Map<?, ?> p ? p.get("code") + ": " + p.get("detail") : "";
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** Prints every frame as it completes; remembers the last {@code session} frame for {@code scope}. */
    private final class Printer implements WebSocket.Listener {
        private final PrintStream out;
        private final StringBuilder partial = new StringBuilder();

        Printer(PrintStream out) { this.out = out; }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                String shown = render(frame);
                if (shown.startsWith("[session]")) {
                    lastSession.set(frame);
                }
                out.println(shown);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            out.println(describeClose(code, reason));
            closed.complete(code);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            out.println("connection error: " + rootMessage(error));
            closed.completeExceptionally(error);
        }
    }
}

/** Just enough JSON for frames: objects (ordered), arrays, strings, numbers, booleans, null. */
final class Json {
    private final String s;
    private int i;

    private Json(String s) { this.s = s; }

    static Object parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no JSON");
        }
        Json p = new Json(text);
        Object value = p.value();
        p.skipSpace();
        if (p.i != text.length()) {
            throw new IllegalArgumentException("trailing text after JSON");
        }
        return value;
    }

    private Object value() {
        skipSpace();
        if (i >= s.length()) {
            throw new IllegalArgumentException("unexpected end of JSON");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{': return object();
            case '[': return array();
            case '"': return string();
            default:
                if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
                if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
                if (s.startsWith("null", i)) { i += 4; return null; }
                return number();
        }
    }

    private Map<String, Object> object() {
        Map<String, Object> map = new LinkedHashMap<>();
        i++;
        skipSpace();
        if (peek('}')) { i++; return map; }
        while (true) {
            skipSpace();
            if (!peek('"')) throw new IllegalArgumentException("expected a member name");
            String key = string();
            skipSpace();
            expect(':');
            map.put(key, value());
            skipSpace();
            if (peek(',')) { i++; continue; }
            expect('}');
            return map;
        }
    }

    private List<Object> array() {
        List<Object> list = new ArrayList<>();
        i++;
        skipSpace();
        if (peek(']')) { i++; return list; }
        while (true) {
            list.add(value());
            skipSpace();
            if (peek(',')) { i++; continue; }
            expect(']');
            return list;
        }
    }

    private String string() {
        StringBuilder b = new StringBuilder();
        i++;
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') return b.toString();
            if (c != '\\') { b.append(c); continue; }
            if (i >= s.length()) break;
            char e = s.charAt(i++);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    if (i + 4 > s.length()) throw new IllegalArgumentException("bad \\u escape");
                    b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                }
                default -> b.append(e);
            }
        }
        throw new IllegalArgumentException("unterminated string");
    }

    private Number number() {
        int start = i;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
        String text = s.substring(start, i);
        try {
            return text.matches("-?\\d{1,18}") ? (Number) Long.parseLong(text) : (Number) Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not JSON at position " + start);
        }
    }

    private void skipSpace() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }

    private boolean peek(char c) { return i < s.length() && s.charAt(i) == c; }

    private void expect(char c) {
        if (!peek(c)) throw new IllegalArgumentException("expected '" + c + "' at position " + i);
        i++;
    }

    static String quote(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }

    /** JSON text; {@code indent < 0} writes compactly. Redacted values are shown as such. */
    static String write(Object value, int indent) {
        StringBuilder b = new StringBuilder();
        write(b, value, indent, 0);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v, int indent, int depth) {
        if (v instanceof Map<?, ?> m) {
            if (indent >= 0 && m.containsKey("$redacted")) {
                b.append("<").append(m.get("$redacted")).append(" hidden, ").append(m.get("hash")).append(">");
                return;
            }
            b.append('{');
            int n = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(n++ == 0 ? "" : ",");
                newline(b, indent, depth + 1);
                b.append(quote(String.valueOf(e.getKey()))).append(indent >= 0 ? ": " : ":");
                write(b, e.getValue(), indent, depth + 1);
            }
            if (n > 0) newline(b, indent, depth);
            b.append('}');
        } else if (v instanceof List<?> l) {
            b.append('[');
            for (int k = 0; k < l.size(); k++) {
                b.append(k == 0 ? "" : indent >= 0 ? ", " : ",");
                write(b, l.get(k), indent, depth + 1);
            }
            b.append(']');
        } else if (v instanceof String str) {
            b.append(quote(str));
        } else {
            b.append(v);
        }
    }

    private static void newline(StringBuilder b, int indent, int depth) {
        if (indent >= 0) b.append('\n').append(" ".repeat(indent * depth));
    }
}
