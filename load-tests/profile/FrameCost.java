import io.chaperone.protocol.Decoded;
import io.chaperone.protocol.FrameCodec;
import io.chaperone.protocol.InboundFrame;
import io.chaperone.protocol.OutboundFrames;

import java.lang.management.ManagementFactory;

/**
 * Usage (repository root, after ./mvnw package): java -cp target/classes:$(ls target/quarkus-app/lib/main/com.fasterxml.jackson.core.jackson-*.jar | tr "\n" :) \
 *   load-tests/profile/FrameCost.java [FRAMES]   (compare builds by pointing -cp at another target/classes; ADR 0040)
 * Bytes allocated and ns per technician frame: decode the cmd, write the hub's cmd frame (the load generator's frame). */
public class FrameCost {
    public static void main(String[] a) {
        String frame = "{\"type\":\"cmd\",\"id\":\"c-123456\",\"device\":\"hub-diag\",\"op\":\"diag.read\",\"args\":{}}";
        String sid = "0b0e8a3c-5d55-4c6f-8d2e-1f2a3b4c5d6e";
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sink = 0;
        int n = Integer.parseInt(a.length > 0 ? a[0] : "2000000");
        for (int round = 0; round < 4; round++) {
            long bytes0 = threads.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                InboundFrame.Command c = ((Decoded.Valid<InboundFrame.Command>) FrameCodec.decodeTechnician(frame)).frame();
                sink += OutboundFrames.command(sid, c.id(), i, c.device(), c.op(), c.args()).length();
            }
            long t1 = System.nanoTime();
            long bytes1 = threads.getCurrentThreadAllocatedBytes();
            if (round > 0) {
                System.out.printf("round %d: %.0f B/frame, %.0f ns/frame%n", round, (bytes1 - bytes0) / (double) n, (t1 - t0) / (double) n);
            }
        }
        System.out.println("sink " + sink);
    }
}
