package io.chaperone.relay;

import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.chaperone.relay.RelayWorld.ORIGIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Read-idle counts whole messages and pongs, not bytes (%test: 3 s, pings every second). A raw RFC 6455 client,
 * so the test controls every byte: a slow-loris peer dribbling fragments of a message that never ends is cut, a peer
 * answering pings is not.
 */
@QuarkusTest
class ReadIdleTest {

    @Inject
    Tokens tokens;

    /** A raw activity socket: the handshake done, then a reader thread that records pings and the close code. */
    private static final class RawSocket implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final AtomicInteger closeCode = new AtomicInteger();
        final AtomicInteger pings = new AtomicInteger();
        volatile boolean answerPings;

        RawSocket(String path, String token) throws IOException {
            socket = new Socket("127.0.0.1", RestAssured.port);
            out = socket.getOutputStream();
            String key = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().substring(0, 16).getBytes(StandardCharsets.US_ASCII));
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\nOrigin: " + ORIGIN + "\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
            Thread reader = new Thread(() -> read(in), "raw-ws-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read(DataInputStream in) {
            try {
                while (true) {
                    int opcode = in.readUnsignedByte() & 0x0F;
                    int length = in.readUnsignedByte() & 0x7F;
                    if (length == 126) {
                        length = in.readUnsignedShort();
                    } else if (length == 127) {
                        length = (int) in.readLong();
                    }
                    byte[] payload = in.readNBytes(length);
                    if (opcode == 0x8) {
                        closeCode.set(payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005);
                        return;
                    }
                    if (opcode == 0x9) {
                        pings.incrementAndGet();
                        if (answerPings) {
                            send(0xA, payload);
                        }
                    }
                }
            } catch (IOException e) {
                closeCode.compareAndSet(0, 1006);
            }
        }

        /** One whole masked frame (mask zero: the payload goes as is). */
        synchronized void send(int opcode, byte[] payload) throws IOException {
            out.write(0x80 | opcode);
            out.write(0x80 | payload.length);
            out.write(new byte[4]);
            out.write(payload);
            out.flush();
        }

        /** The first fragment of a text message (FIN clear): the message stays unfinished. */
        synchronized void startFragmentedMessage() throws IOException {
            fragment(0x01);
        }

        /** One more one-byte continuation fragment (FIN clear): a whole frame, still no whole message. */
        synchronized void dribble() throws IOException {
            fragment(0x00);
        }

        private void fragment(int opcode) throws IOException {
            out.write(opcode);
            out.write(0x80 | 1);
            out.write(new byte[4]);
            out.write(' ');
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private String activityPath(String token) {
        String homeId = given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("name", "flat"))
                .post("/api/v1/homes").then().statusCode(201).extract().path("id");
        return "/ws/homes/" + homeId + "/activity";
    }

    @Test
    void shouldCutAPeerThatDribblesAnUnfinishedMessageAndAnswersNoPing() throws Exception {
        String token = tokens.resident(Tokens.unique("resident"));
        try (RawSocket peer = new RawSocket(activityPath(token), token)) {
            peer.startFragmentedMessage();
            long start = System.nanoTime();

            // A one-byte continuation frame every 200 ms: bytes and frames keep coming, the message never ends.
            await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (peer.closeCode.get() == 0) {
                    peer.dribble();
                }
                return peer.closeCode.get() != 0;
            });

            assertThat(peer.closeCode.get()).isEqualTo(1001);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(2500));
        }
    }

    @Test
    void shouldKeepAPeerThatAnswersEveryPingPastTheTimeout() throws Exception {
        String token = tokens.resident(Tokens.unique("resident"));
        try (RawSocket peer = new RawSocket(activityPath(token), token)) {
            peer.answerPings = true;

            await().atMost(Duration.ofSeconds(10)).until(() -> peer.pings.get() >= 6);

            assertThat(peer.closeCode.get()).isZero();
        }
    }
}
