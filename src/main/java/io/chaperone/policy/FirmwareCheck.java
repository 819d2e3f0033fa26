package io.chaperone.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The verdict on a firmware update's vendor signature for a device's model and installed firmware (docs/device-trust.md):
 * null when it may pass, else why not. Supplied by trust (which holds the vendor keys) so policy stays free of I/O.
 */
@FunctionalInterface
public interface FirmwareCheck {

    DenyReason refusal(String model, String installedFirmware, ObjectNode args);
}
