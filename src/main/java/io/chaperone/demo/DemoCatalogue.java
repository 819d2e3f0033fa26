package io.chaperone.demo;

import io.chaperone.policy.Operation;

import java.util.List;

import static io.chaperone.policy.Operation.CONFIG_READ;
import static io.chaperone.policy.Operation.CONFIG_WRITE;
import static io.chaperone.policy.Operation.DEVICE_REBOOT;
import static io.chaperone.policy.Operation.DIAG_READ;
import static io.chaperone.policy.Operation.FIRMWARE_UPDATE;
import static io.chaperone.policy.Operation.HUB_REBOOT;
import static io.chaperone.policy.Operation.LOGS_READ;
import static io.chaperone.policy.Operation.NET_TEST;

/** The demo world: who, which home, hub and devices, which session templates, which support ticket. */
final class DemoCatalogue {

    static final String PROVIDER_NAME = "Acme Home Services";
    static final String PROVIDER_ORG = "acme";
    static final Person RESIDENT = new Person("alice", "Alice Martin", "alice@example.test");
    static final Person TECHNICIAN = new Person("tom", "Tom Becker", "tom@acme.example.test");
    static final Person OPERATOR = new Person("olivia", "Olivia Chen", "olivia@chaperone.example.test");

    static final String HOME_NAME = "Alice's flat";
    static final String HUB_MODEL = "chaperone-hub-1";
    static final String HUB_FIRMWARE = "1.4.2";

    /** The device kinds of the simulated hubs' home (HubAgent: thermostat-1, light-1, camera-1, lock-1, wifi-1). */
    static final List<String> ALL_KINDS = List.of("thermostat", "light", "camera", "lock", "wifi");

    static final List<TemplateSpec> TEMPLATES = List.of(
            new TemplateSpec("Diagnostics (read-only)",
                    "Read diagnostics, logs and configuration and run network tests; changes nothing.",
                    List.of(DIAG_READ, LOGS_READ, NET_TEST, CONFIG_READ), ALL_KINDS, 60, 30),
            new TemplateSpec("Network troubleshooting",
                    "Diagnose and fix connectivity of the Wi-Fi, lights and thermostat, including reboots.",
                    List.of(DIAG_READ, LOGS_READ, NET_TEST, CONFIG_READ, CONFIG_WRITE, DEVICE_REBOOT),
                    List.of("wifi", "light", "thermostat"), 120, 20),
            new TemplateSpec("Configuration change",
                    "Change configuration, reboot devices or the hub, and install signed firmware.",
                    List.of(CONFIG_READ, CONFIG_WRITE, DEVICE_REBOOT, HUB_REBOOT, FIRMWARE_UPDATE), ALL_KINDS, 240, 10));

    static final String TICKET_CATEGORY = "connectivity";
    static final String TICKET_SUMMARY = "The thermostat drops off the Wi-Fi every evening";

    private DemoCatalogue() {
    }

    record Person(String username, String name, String email) {
    }


    record TemplateSpec(String name, String description, List<Operation> ops, List<String> kinds,
                        int maxDurationMinutes, int expectedCommandRate) {
    }
}
