/*
 * Chaperone offline audit verifier (docs/audit.md). JDK only, one file, independent of the gateway:
 *
 *     java src/main/cli/AuditVerifier.java export.json [jwks.json]
 *
 * Verifies an export bundle (format chaperone-export/1) without trusting the gateway: recomputes every hash
 * chain, checks each checkpoint's Ed25519 signature with the keys in the bundle or, when given, ONLY with the
 * keys of a JWKS fetched independently (pinning), its hash and its link to the previous checkpoint, and the
 * inclusion of each chain's head under the signed root by the RFC 6962 audit path the bundle carries (a bundle
 * holds only the home's own leaves of a checkpoint, never the other heads). Prints one line per chain and
 * OK or FAILED; exit code 0 when everything verifies, 1 otherwise.
 *
 * The canonical form, hash and Merkle rules are repeated here on purpose (the verifier must not depend on
 * the gateway); OfflineVerifierTest runs both on the same rows so they cannot drift.
 *
 * Consent receipts (docs/api.md "Consent receipts") have their own mode, class ReceiptCheck below:
 *
 *     java src/main/cli/AuditVerifier.java --receipt receipt.json jwks.json [export.json]
 */

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public class AuditVerifier {

    record Row(String chainId, long seq, long atMillis, String actor, String kind, String device, String op,
               String outcome, String correlationId, String detail, byte[] prevHash, byte[] hash) {
    }

    record Head(String chainId, long seq, byte[] hash) {
    }

    /** One chain's leaf of a checkpoint: the head, its index among the checkpoint's leaves and its audit path. */
    record Inclusion(Head head, long leafIndex, List<byte[]> auditPath) {
    }

    record Checkpoint(long id, Instant createdAt, byte[] prev, byte[] checkpointHash, byte[] root, long treeSize,
                      List<Inclusion> inclusions, String keyId, byte[] signature) {
        byte[] signedBytes() {
            return ByteBuffer.allocate(80).putLong(id).putLong(createdAt.toEpochMilli()).put(prev).put(root).array();
        }

        Inclusion inclusionOf(String chainId) {
            return inclusions.stream().filter(i -> i.head.chainId.equals(chainId)).findFirst().orElse(null);
        }

        Head headOf(String chainId) {
            Inclusion inclusion = inclusionOf(chainId);
            return inclusion == null ? null : inclusion.head;
        }
    }

    /** A chain's outcome: broken == null means valid. */
    record Result(String chainId, long records, long headSeq, Long checkpointId, Long firstBrokenSeq, String reason, String detail) {
        String line() {
            return reason == null
                    ? "chain " + chainId + " OK records=" + records + " head=" + headSeq + " checkpoint=" + (checkpointId == null ? "none" : checkpointId)
                    : "chain " + chainId + " BROKEN firstBrokenSeq=" + firstBrokenSeq + " reason=" + reason + " (" + detail + ")";
        }
    }

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "--receipt".equals(args[0])) {
            System.exit(ReceiptCheck.run(Arrays.copyOfRange(args, 1, args.length)) ? 0 : 1);
        }
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: java AuditVerifier.java export.json [jwks.json]");
            System.exit(1);
        }
        boolean ok;
        try {
            Map<String, Object> bundle = obj(Json.parse(Files.readString(Path.of(args[0]))));
            if (!"chaperone-export/1".equals(bundle.get("format"))) {
                throw new IllegalArgumentException("not a chaperone-export/1 bundle");
            }
            Map<String, Object> jwks = args.length == 2 ? obj(Json.parse(Files.readString(Path.of(args[1]))))
                    : obj(bundle.get("checkpointKeys"));
            ok = verifyBundle(bundle, keys(jwks));
        } catch (RuntimeException e) {
            System.out.println("FAILED: unreadable input: " + e.getMessage());
            ok = false;
        }
        System.exit(ok ? 0 : 1);
    }

    static boolean verifyBundle(Map<String, Object> bundle, Map<String, PublicKey> keys) {
        Map<String, List<Row>> chains = new TreeMap<>();
        for (Object session : list(bundle.get("sessions"))) {
            for (Object row : list(obj(session).get("audit"))) {
                Row r = row(obj(row));
                chains.computeIfAbsent(r.chainId, k -> new ArrayList<>()).add(r);
            }
        }
        for (Object row : list(bundle.getOrDefault("hubEvents", List.of()))) {
            Row r = row(obj(row));
            chains.computeIfAbsent(r.chainId, k -> new ArrayList<>()).add(r);
        }
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (Object c : list(bundle.getOrDefault("checkpoints", List.of()))) {
            checkpoints.add(checkpoint(obj(c)));
        }
        boolean ok = true;
        for (Map.Entry<String, List<Row>> chain : chains.entrySet()) {
            Result result = verify(chain.getKey(), chain.getValue(), checkpoints, keys);
            System.out.println(result.line());
            ok &= result.reason == null;
        }
        System.out.println(ok ? "OK" : "FAILED");
        return ok;
    }

    /** Same rules, same order as the gateway's ChainVerifier (docs/audit.md "Verification"). */
    static Result verify(String chainId, List<Row> rows, List<Checkpoint> all, Map<String, PublicKey> keys) {
        List<Row> ordered = rows.stream().sorted(Comparator.comparingLong(Row::seq)).toList();
        List<Checkpoint> covering = all.stream().filter(c -> c.headOf(chainId) != null)
                .sorted(Comparator.comparingLong(Checkpoint::id)).toList();
        long n = ordered.size();
        Checkpoint previous = null;
        for (Checkpoint c : covering) {
            String problem = checkpointProblem(c, previous, keys);
            if (problem != null) {
                return broken(chainId, n, c.headOf(chainId).seq, "checkpoint_signature", problem);
            }
            previous = c;
        }
        byte[] prev = new byte[32];
        long expected = 1;
        for (int i = 0; i < ordered.size(); i++) {
            Row row = ordered.get(i);
            if (row.seq != expected) {
                return broken(chainId, n, expected, "missing",
                        "seq " + expected + (row.seq - 1 > expected ? "-" + (row.seq - 1) : "") + " absent");
            }
            byte[] computed = hash(prev, row, row.seq);
            if (!Arrays.equals(computed, row.hash) || !Arrays.equals(prev, row.prevHash)) {
                for (int j = i + 1; j < ordered.size(); j++) {
                    byte[] h = hash(prev, ordered.get(j), row.seq);
                    if (Arrays.equals(h, row.hash) || Arrays.equals(h, ordered.get(j).hash)) {
                        return broken(chainId, n, expected, "reordered",
                                "the record stored at seq " + ordered.get(j).seq + " belongs at seq " + expected);
                    }
                }
                return broken(chainId, n, expected, "changed", "the stored hash of seq " + expected + " does not match its content");
            }
            prev = computed;
            expected++;
        }
        long headSeq = expected - 1;
        long anchored = 0;
        for (Checkpoint c : covering.stream().sorted(Comparator.comparingLong(c -> c.headOf(chainId).seq)).toList()) {
            Head recorded = c.headOf(chainId);
            if (recorded.seq > headSeq) {
                return broken(chainId, n, headSeq + 1, "truncated", "checkpoint " + c.id + " recorded seq " + recorded.seq
                        + " but the chain ends at seq " + headSeq);
            }
            // the head as the rows have it must be a leaf under the signed root
            Head fromRows = new Head(chainId, recorded.seq, ordered.get((int) recorded.seq - 1).hash);
            Inclusion inclusion = c.inclusionOf(chainId);
            if (!verifyInclusion(inclusion.leafIndex, c.treeSize, leaf(fromRows), inclusion.auditPath, c.root)) {
                return broken(chainId, n, anchored + 1, "changed", "the chain was rewritten: seq " + recorded.seq
                        + " differs from checkpoint " + c.id);
            }
            anchored = recorded.seq;
        }
        return new Result(chainId, n, headSeq, covering.isEmpty() ? null : covering.get(covering.size() - 1).id, null, null, null);
    }

    static String checkpointProblem(Checkpoint c, Checkpoint previous, Map<String, PublicKey> keys) {
        PublicKey key = keys.get(c.keyId);
        byte[] signed = c.signedBytes();
        if (key == null) {
            return "checkpoint " + c.id + " names an unknown key";
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(signed);
            if (!s.verify(c.signature)) {
                return "checkpoint " + c.id + " signature does not verify";
            }
        } catch (Exception e) {
            return "checkpoint " + c.id + " signature does not verify";
        }
        if (!Arrays.equals(sha256(signed), c.checkpointHash)) {
            return "checkpoint " + c.id + " hash does not match its signed bytes";
        }
        for (Inclusion inclusion : c.inclusions) {
            if (!verifyInclusion(inclusion.leafIndex, c.treeSize, leaf(inclusion.head), inclusion.auditPath, c.root)) {
                return "checkpoint " + c.id + " Merkle root does not match its heads";
            }
        }
        if (previous != null && previous.id == c.id - 1 && !Arrays.equals(previous.checkpointHash, c.prev)) {
            return "checkpoint " + c.id + " does not link to checkpoint " + previous.id;
        }
        return null;
    }

    private static Result broken(String chainId, long n, long seq, String reason, String detail) {
        return new Result(chainId, n, 0, null, seq, reason, detail);
    }

    // ---------------------------------------------------------------- hash chain

    /** SHA-256(prev ‖ chain_id (16) ‖ seq (8 BE) ‖ canonical(record)), the row taken at {@code seq}. */
    static byte[] hash(byte[] prev, Row r, long seq) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        out.writeBytes(prev);
        out.writeBytes(uuid(r.chainId));
        out.writeBytes(ByteBuffer.allocate(8).putLong(seq).array());
        out.writeBytes(ByteBuffer.allocate(8).putLong(r.atMillis).array());
        for (String field : new String[] {r.actor, r.kind, r.device, r.op, r.outcome, r.correlationId, r.detail}) {
            if (field == null) {
                out.writeBytes(ByteBuffer.allocate(4).putInt(-1).array());
            } else {
                byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
                out.writeBytes(ByteBuffer.allocate(4).putInt(utf8.length).array());
                out.writeBytes(utf8);
            }
        }
        return sha256(out.toByteArray());
    }

    static byte[] uuid(String id) {
        return HEX.parseHex(id.replace("-", ""));
    }

    // ---------------------------------------------------------------- Merkle tree (RFC 6962 / 9162)

    static byte[] leaf(Head h) {
        return sha256(concat(new byte[] {0x00}, uuid(h.chainId), ByteBuffer.allocate(8).putLong(h.seq).array(), h.hash));
    }

    static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = node(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    static byte[] node(byte[] left, byte[] right) {
        return sha256(concat(new byte[] {0x01}, left, right));
    }

    // ---------------------------------------------------------------- bundle parsing

    static Row row(Map<String, Object> m) {
        return new Row(str(m, "chainId"), num(m, "seq"), Instant.parse(str(m, "at")).toEpochMilli(), str(m, "actor"),
                str(m, "kind"), str(m, "device"), str(m, "op"), str(m, "outcome"), str(m, "correlationId"), str(m, "detail"),
                HEX.parseHex(str(m, "prevHash")), HEX.parseHex(str(m, "hash")));
    }

    static Checkpoint checkpoint(Map<String, Object> m) {
        List<Inclusion> inclusions = new ArrayList<>();
        for (Object i : list(m.get("inclusions"))) {
            Map<String, Object> inclusion = obj(i);
            List<byte[]> path = new ArrayList<>();
            for (Object p : list(inclusion.get("auditPath"))) {
                path.add(HEX.parseHex((String) p));
            }
            inclusions.add(new Inclusion(new Head(str(inclusion, "chainId"), num(inclusion, "seq"),
                    HEX.parseHex(str(inclusion, "hash"))), num(inclusion, "leafIndex"), List.copyOf(path)));
        }
        return new Checkpoint(num(m, "id"), Instant.parse(str(m, "createdAt")), HEX.parseHex(str(m, "prevCheckpointHash")),
                HEX.parseHex(str(m, "checkpointHash")), HEX.parseHex(str(m, "merkleRoot")), num(m, "treeSize"),
                List.copyOf(inclusions), str(m, "keyId"), Base64.getDecoder().decode(str(m, "signature")));
    }

    /** OKP/Ed25519 keys of a JWKS by kid; a kid that is not the key's RFC 7638 thumbprint is ignored. */
    static Map<String, PublicKey> keys(Map<String, Object> jwks) throws Exception {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (Object k : list(jwks.get("keys"))) {
            Map<String, Object> jwk = obj(k);
            if (!"OKP".equals(jwk.get("kty")) || !"Ed25519".equals(jwk.get("crv"))) {
                continue;
            }
            String x = str(jwk, "x");
            String thumbprint = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    sha256(("{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + x + "\"}").getBytes(StandardCharsets.US_ASCII)));
            if (!thumbprint.equals(jwk.get("kid"))) {
                continue;
            }
            byte[] spki = concat(SPKI_PREFIX, Base64.getUrlDecoder().decode(x));
            keys.put(thumbprint, KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
        }
        return keys;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Object o) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        if (!(o instanceof List)) {
            throw new IllegalArgumentException("expected a JSON array");
        }
        return (List<Object>) o;
    }

    static String str(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException(key + " must be a string");
        }
        return (String) v;
    }

    static long num(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof BigDecimal n)) {
            throw new IllegalArgumentException(key + " must be a number");
        }
        return n.longValueExact();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}

/** A small strict JSON reader: objects, arrays, strings, numbers (BigDecimal), true, false, null. */
final class Json {
    private final String s;
    private int i;

    private Json(String s) {
        this.s = s;
    }

    static Object parse(String text) {
        Json p = new Json(text);
        Object v = p.value();
        p.ws();
        if (p.i != p.s.length()) {
            throw p.error("trailing characters");
        }
        return v;
    }

    private Object value() {
        ws();
        if (i >= s.length()) {
            throw error("unexpected end");
        }
        char c = s.charAt(i);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        i++;
        ws();
        if (peek('}')) {
            i++;
            return m;
        }
        while (true) {
            ws();
            if (!peek('"')) {
                throw error("expected a key");
            }
            String key = string();
            ws();
            expect(':');
            m.put(key, value());
            ws();
            if (peek(',')) {
                i++;
            } else {
                expect('}');
                return m;
            }
        }
    }

    private List<Object> array() {
        List<Object> l = new ArrayList<>();
        i++;
        ws();
        if (peek(']')) {
            i++;
            return l;
        }
        while (true) {
            l.add(value());
            ws();
            if (peek(',')) {
                i++;
            } else {
                expect(']');
                return l;
            }
        }
    }

    private String string() {
        StringBuilder b = new StringBuilder();
        i++;
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\') {
                if (i >= s.length()) {
                    break;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw error("bad escape");
                        }
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> throw error("bad escape");
                }
            } else if (c < 0x20) {
                throw error("control character in string");
            } else {
                b.append(c);
            }
        }
        throw error("unterminated string");
    }

    private BigDecimal number() {
        int start = i;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        try {
            return new BigDecimal(s.substring(start, i));
        } catch (NumberFormatException e) {
            throw error("bad number");
        }
    }

    private Object literal(String word, Object value) {
        if (!s.startsWith(word, i)) {
            throw error("bad literal");
        }
        i += word.length();
        return value;
    }

    private void ws() {
        while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
    }

    private boolean peek(char c) {
        return i < s.length() && s.charAt(i) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        i++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("JSON " + what + " at offset " + i);
    }
}

/**
 * A consent receipt checked offline: the compact JWS's EdDSA signature with a key of the JWKS given (fetched
 * independently from /.well-known/jwks.json: pinning), the readable {@code receipt} member against the signed
 * payload, the stated hash against the JWS; with an export bundle also the bundle's chains (as AuditVerifier does)
 * and a consent.receipt record of the receipt's session chain that carries exactly this hash.
 */
final class ReceiptCheck {

    private ReceiptCheck() {
    }

    static boolean run(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: java AuditVerifier.java --receipt receipt.json jwks.json [export.json]");
            return false;
        }
        boolean ok;
        try {
            Map<String, Object> receipt = AuditVerifier.obj(Json.parse(Files.readString(Path.of(args[0]))));
            Map<String, PublicKey> keys = AuditVerifier.keys(AuditVerifier.obj(Json.parse(Files.readString(Path.of(args[1])))));
            ok = check(receipt, keys);
            if (args.length == 3) {
                Map<String, Object> bundle = AuditVerifier.obj(Json.parse(Files.readString(Path.of(args[2]))));
                ok &= AuditVerifier.verifyBundle(bundle, keys) & chained(receipt, bundle);
            }
        } catch (RuntimeException e) {
            System.out.println("FAILED: unreadable input: " + e.getMessage());
            ok = false;
        }
        System.out.println(ok ? "OK" : "FAILED");
        return ok;
    }

    static boolean check(Map<String, Object> receipt, Map<String, PublicKey> keys) throws Exception {
        String id = AuditVerifier.str(receipt, "id");
        String jws = AuditVerifier.str(receipt, "jws");
        String[] parts = jws == null ? new String[0] : jws.split("\\.", -1);
        if (parts.length != 3) {
            return fail(id, "jws", "not a compact JWS");
        }
        Map<String, Object> header = AuditVerifier.obj(Json.parse(text(parts[0])));
        if (!"EdDSA".equals(header.get("alg")) || !"consent-receipt+jws".equals(header.get("typ"))) {
            return fail(id, "jws", "not an EdDSA consent receipt");
        }
        PublicKey key = keys.get(String.valueOf(header.get("kid")));
        if (key == null) {
            return fail(id, "signature", "key " + header.get("kid") + " is not in the JWKS");
        }
        Signature signature = Signature.getInstance("Ed25519");
        signature.initVerify(key);
        signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!signature.verify(Base64.getUrlDecoder().decode(parts[2]))) {
            return fail(id, "signature", "the signature does not verify");
        }
        Map<String, Object> payload = AuditVerifier.obj(Json.parse(text(parts[1])));
        if (receipt.containsKey("receipt") && !payload.equals(receipt.get("receipt"))) {
            return fail(id, "payload", "the readable receipt differs from the signed one");
        }
        if (!String.valueOf(payload.get("id")).equals(id)
                || !String.valueOf(payload.get("sessionId")).equals(AuditVerifier.str(receipt, "sessionId"))) {
            return fail(id, "payload", "the receipt's id or session differs from the signed one");
        }
        if (!hash(jws).equals(AuditVerifier.str(receipt, "hash"))) {
            return fail(id, "hash", "the stated hash is not the JWS's");
        }
        System.out.println("receipt " + id + " signature OK key=" + header.get("kid") + " kind=" + payload.get("kind")
                + " session=" + payload.get("sessionId"));
        return true;
    }

    /** A consent.receipt row of the receipt's session chain in the bundle with this id and exactly this hash. */
    static boolean chained(Map<String, Object> receipt, Map<String, Object> bundle) {
        String id = AuditVerifier.str(receipt, "id");
        String session = AuditVerifier.str(receipt, "sessionId");
        String expected = hash(AuditVerifier.str(receipt, "jws"));
        for (Object s : AuditVerifier.list(bundle.get("sessions"))) {
            if (!session.equals(AuditVerifier.obj(s).get("id"))) {
                continue;
            }
            for (Object row : AuditVerifier.list(AuditVerifier.obj(s).get("audit"))) {
                Map<String, Object> r = AuditVerifier.obj(row);
                String detail = AuditVerifier.str(r, "detail");
                if ("consent.receipt".equals(r.get("kind")) && id.equals(r.get("correlationId")) && detail != null
                        && expected.equals(AuditVerifier.obj(Json.parse(detail)).get("receiptHash"))) {
                    System.out.println("receipt " + id + " in chain " + session + " seq=" + r.get("seq") + " OK");
                    return true;
                }
            }
        }
        return fail(id, "not_in_chain", "no consent.receipt record of session " + session + " carries its hash");
    }

    private static boolean fail(String id, String reason, String detail) {
        System.out.println("receipt " + id + " BROKEN reason=" + reason + " (" + detail + ")");
        return false;
    }

    private static String text(String b64url) {
        return new String(Base64.getUrlDecoder().decode(b64url), StandardCharsets.UTF_8);
    }

    static String hash(String jws) {
        return "sha256:" + HexFormat.of().formatHex(AuditVerifier.sha256(jws.getBytes(StandardCharsets.US_ASCII)));
    }
}
