package io.chaperone.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntUnaryOperator;

/** A webhook endpoint started in the test on a free port: records every POST and answers a scripted status. */
public final class WebhookReceiver implements AutoCloseable {

    public record Received(Map<String, String> headers, String body) {
        public String header(String name) { return headers.get(name.toLowerCase()); }
    }

    private final HttpServer server;
    private final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private volatile IntUnaryOperator status;

    /** {@code status} maps the 1-based number of the request to the status answered. */
    public WebhookReceiver(IntUnaryOperator status) {
        this.status = status;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                Map<String, String> headers = new HashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
                received.add(new Received(headers, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(this.status.applyAsInt(received.size()), -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public void answer(IntUnaryOperator status) {
        this.status = status;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
