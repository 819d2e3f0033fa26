package io.chaperone.admin;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar quarkus-run.jar admin <command> --out DIR [--hub-listener-name NAME]...}: creates and rotates
 * the gateway's key material offline, without starting Quarkus or touching a database (docs/operations.md).
 */
public final class AdminCli {

    static final String USAGE = """
            usage: java -jar quarkus-run.jar admin <command> --out DIR [--hub-listener-name NAME]...
              init-keys             device CA, hub listener certificate, ticket signing key, checkpoint key and
                                    master key, all new (refuses an existing file)
              rotate-signing-key    adds a signing key that signs from the next reload; keep the old ones until
                                    the tickets and tokens they signed have expired, then delete them
              rotate-checkpoint-key replaces the audit checkpoint key (old checkpoints keep verifying)
              rotate-hub-listener   a new hub listener key and certificate from the same device CA
              rotate-master-key     a new master key; the old one moves to previous-master-keys/ (configure it as
                                    chaperone.privacy.previous-master-keys for one start, then delete it)
              --hub-listener-name   DNS name or IP address hubs connect to (repeatable; default localhost, 127.0.0.1)""";

    private final PrintStream out;
    private final Clock clock;

    AdminCli(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** The process entry ({@code ChaperoneMain} hands {@code admin ...} here); returns the exit status. */
    public static int main(String... args) {
        return new AdminCli(System.out, Clock.systemUTC()).run(args);
    }

    int run(String... args) {
        if (args.length == 0) {
            return usage("no command");
        }
        Path out = null;
        List<String> names = new ArrayList<>();
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        for (int i = 0; i < rest.size(); i++) {
            String option = rest.get(i);
            if (i + 1 >= rest.size()) {
                return usage("missing value for " + option);
            }
            switch (option) {
                case "--out" -> out = Path.of(rest.get(++i));
                case "--hub-listener-name" -> names.add(rest.get(++i));
                default -> { return usage("unknown option " + option); }
            }
        }
        if (out == null) {
            return usage("--out DIR is required");
        }
        List<String> listenerNames = names.isEmpty() ? List.of("localhost", "127.0.0.1") : List.copyOf(names);
        KeyMaterialDirectory keys = new KeyMaterialDirectory(out, clock);
        try {
            switch (args[0]) {
                case "init-keys" -> {
                    keys.init(listenerNames);
                    this.out.println("key material written to " + out + " (files 0600):");
                    KeyMaterialDirectory.INIT_FILES.forEach(f -> this.out.println("  " + f));
                }
                case "rotate-signing-key" -> this.out.println("new signing key " + keys.addSigningKey());
                case "rotate-checkpoint-key" -> {
                    keys.writeCheckpointKey();
                    this.out.println("new checkpoint key " + out.resolve(KeyMaterialDirectory.CHECKPOINT_KEY));
                }
                case "rotate-hub-listener" -> {
                    keys.reissueHubListener(listenerNames);
                    this.out.println("new hub listener certificate for " + listenerNames + " in " + out);
                }
                case "rotate-master-key" -> {
                    Path kept = keys.rotateMasterKey();
                    this.out.println("new master key " + out.resolve(KeyMaterialDirectory.MASTER_KEY) + "; the previous one is "
                            + kept + ": configure it in chaperone.privacy.previous-master-keys (env "
                            + "CHAPERONE_PRIVACY_PREVIOUS_MASTER_KEYS) and restart; delete it once start-up logs that "
                            + "no home key remains under another master key");
                }
                default -> { return usage("unknown command " + args[0]); }
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            // a message about files, never key material
            System.err.println("admin " + args[0] + " failed: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(String problem) {
        System.err.println(problem + "\n" + USAGE);
        return 2;
    }
}
