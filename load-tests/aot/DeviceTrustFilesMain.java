// The bench profile's hub listener needs the device CA and its server certificate as PEM files before Quarkus
// starts (docs/device-trust.md). This runs the gateway's own generator, as the embedded default does:
//   java -cp 'target/classes:target/quarkus-app/lib/main/*' load-tests/aot/DeviceTrustFilesMain.java DIR
// and prints the chaperone.devices.* locations as -D flags, one a line.
public class DeviceTrustFilesMain {
    public static void main(String[] args) {
        io.chaperone.trust.device.DeviceTrustFiles.ensure(java.nio.file.Path.of(args[0]))
                .forEach((key, value) -> System.out.println("-D" + key + "=" + value));
    }
}
