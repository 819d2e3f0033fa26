package io.chaperone.trust.device;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.nio.file.Path;

/**
 * Generates the test device CA and hub listener certificate before any Quarkus test starts: the TLS registry
 * reads them at start (registered in META-INF/services).
 */
public class DeviceTrustFilesListener implements LauncherSessionListener {

    public static final Path DIRECTORY = Path.of("target", "chaperone-devices");

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        DeviceTrustFiles.ensure(DIRECTORY);
    }
}
