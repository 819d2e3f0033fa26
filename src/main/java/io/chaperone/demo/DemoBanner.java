package io.chaperone.demo;

import io.chaperone.identity.DevAccounts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Tells the person who just ran the embedded default where everything is and how to sign in. */
@ApplicationScoped
public class DemoBanner {

    private static final Logger LOG = Logger.getLogger(DemoBanner.class);

    @ConfigProperty(name = "quarkus.http.port")
    int port;
    @ConfigProperty(name = "quarkus.management.port", defaultValue = "9000")
    int managementPort;
    @Inject
    DevAccounts accounts;

    void print(DemoData data) {
        LOG.info(text(data));
    }

    String text(DemoData data) {
        String base = "http://localhost:" + port;
        // Swagger UI, OpenAPI and health are served on the management interface only (quarkus.management.enabled).
        String management = "http://localhost:" + managementPort;
        StringBuilder out = new StringBuilder("\n");
        out.append("==================== Chaperone demo ====================\n");
        out.append("  API base     ").append(base).append("/api/v1\n");
        out.append("  Swagger UI   ").append(management).append("/q/swagger-ui\n");
        out.append("  OpenAPI      ").append(management).append("/q/openapi\n");
        out.append("  Health       ").append(management).append("/q/health/ready\n");
        out.append("  Web pages    ").append(base).append("/  (sign in at ").append(base).append("/signin/)\n");
        out.append("  Demo logins (development issuer):\n");
        new TreeMap<>(accounts.accounts()).forEach((username, account) -> out
                .append(String.format("    %-8s password %-14s %srole %s%n", username, account.password(),
                        account.oneTimeCode().map(code -> "code " + code + "  ").orElse(""),
                        account.role() + account.org().map(org -> " (org " + org + ")").orElse(""))));
        out.append("  Get a token (mfa=true for approvals and connect tickets):\n");
        out.append("    TOKEN=$(curl -s -X POST ").append(base).append("/dev-issuer/login \\\n")
                .append("      -H 'Content-Type: application/json' \\\n")
                .append("      -d '{\"username\":\"alice\",\"password\":\"")
                .append(password("alice")).append("\",\"mfa\":true}' | sed -E 's/.*\"accessToken\":\"([^\"]+)\".*/\\1/')\n");
        out.append("    curl -s -H \"Authorization: Bearer $TOKEN\" ").append(base).append("/api/v1/me\n");
        out.append("  Demo records:\n");
        line(out, "home  (Alice's flat)", data.homeId());
        line(out, "support ticket", data.ticketId());
        for (Map.Entry<String, UUID> template : data.templateIds().entrySet()) {
            line(out, "template " + template.getKey(), template.getValue());
        }
        out.append("=========================================================");
        return out.toString();
    }

    private String password(String username) {
        DevAccounts.Account account = accounts.accounts().get(username);
        return account == null ? "<password>" : account.password();
    }

    private static void line(StringBuilder out, String label, UUID id) {
        out.append(String.format("    %-36s %s%n", label, id));
    }
}
