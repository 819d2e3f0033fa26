package io.chaperone.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * A real SMTP server (GreenMail) on a free port for the whole test run; the gateway's mailer points at it. Global
 * (not restricted to a class) so it adds no application restart.
 */
@QuarkusTestResource(SmtpServerResource.class)
public class SmtpServerResource implements QuarkusTestResourceLifecycleManager {

    private static volatile GreenMail server;

    public static GreenMail server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return Map.of("quarkus.mailer.port", Integer.toString(port));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
