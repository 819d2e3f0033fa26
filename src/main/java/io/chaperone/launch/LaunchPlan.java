package io.chaperone.launch;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link ChaperoneMain} does before Quarkus starts, decided from the JVM's system properties and
 * environment only (the two places an operator configures a packaged gateway from the outside).
 * A database counts as configured when any of these is set and not blank:
 * <ul>
 *   <li>system property {@code quarkus.datasource.reactive.url}</li>
 *   <li>environment variable {@code QUARKUS_DATASOURCE_REACTIVE_URL}</li>
 * </ul>
 * Otherwise the embedded PostgreSQL is started. A profile counts as explicit when the system property
 * {@code quarkus.profile} or the environment variable {@code QUARKUS_PROFILE} is set; without one the
 * embedded default runs the {@code demo} profile.
 */
public record LaunchPlan(boolean embedded, Optional<String> profileToSelect, Optional<Path> dataDirectory) {

    public static final String URL_PROPERTY = "quarkus.datasource.reactive.url";
    public static final String URL_ENV = "QUARKUS_DATASOURCE_REACTIVE_URL";
    public static final String PROFILE_PROPERTY = "quarkus.profile";
    public static final String PROFILE_ENV = "QUARKUS_PROFILE";
    public static final String DATA_DIR_PROPERTY = "chaperone.embedded.data-dir";
    public static final String DATA_DIR_ENV = "CHAPERONE_EMBEDDED_DATA_DIR";
    public static final String DEMO_PROFILE = "demo";

    /**
     * The data directory is, in this order: the one named by {@code chaperone.embedded.data-dir} /
     * {@code CHAPERONE_EMBEDDED_DATA_DIR}; {@code target/embedded-pg} when the working directory has a
     * {@code target/} (a source checkout: demo data survives restarts); else none, meaning a fresh
     * temporary directory that is removed at exit.
     */
    public static LaunchPlan decide(Map<String, String> properties, Map<String, String> env, Path workingDirectory) {
        boolean configured = present(properties.get(URL_PROPERTY)) || present(env.get(URL_ENV));
        boolean explicitProfile = present(properties.get(PROFILE_PROPERTY)) || present(env.get(PROFILE_ENV));
        Optional<String> profile = configured || explicitProfile ? Optional.empty() : Optional.of(DEMO_PROFILE);
        String dir = first(properties.get(DATA_DIR_PROPERTY), env.get(DATA_DIR_ENV));
        Path target = workingDirectory.resolve("target");
        Optional<Path> data = dir != null ? Optional.of(Path.of(dir))
                : target.toFile().isDirectory() ? Optional.of(target.resolve("embedded-pg"))
                : Optional.empty();
        return new LaunchPlan(!configured, profile, data.map(Path::toAbsolutePath));
    }

    private static String first(String a, String b) {
        return present(a) ? a : present(b) ? b : null;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
