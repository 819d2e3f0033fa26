import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Top frames of a JFR recording, for docs/benchmarks.md "Profiles": CPU samples (jdk.ExecutionSample) by self and by
 * total (a method counted once per sample it is anywhere on), allocation (jdk.ObjectAllocationSample, weighted by the
 * bytes each sample stands for) by site and by class, GC pauses; writes collapsed stacks (flame graph input, one
 * "frame;frame;… count" line per stack) beside it. JDK classes only, run with the source launcher:
 * {@code java load-tests/profile/JfrTop.java rec.jfr OUT_PREFIX [TOP]}.
 */
public final class JfrTop {

    public static void main(String[] args) throws IOException {
        Path recording = Path.of(args[0]);
        String prefix = args[1];
        int top = args.length > 2 ? Integer.parseInt(args[2]) : 25;
        long commands = args.length > 3 ? Long.parseLong(args[3]) : 0;
        Map<Long, long[]> threadAllocated = new HashMap<>();   // thread id -> first, last cumulative bytes
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        Map<String, Long> cpuStacks = new HashMap<>();
        Map<String, Long> allocSite = new HashMap<>();
        Map<String, Long> allocClass = new HashMap<>();
        Map<String, Long> allocStacks = new HashMap<>();
        Map<String, Long> allocOwnerSamples = new HashMap<>();
        long allocSamples = 0;
        long samples = 0;
        long allocated = 0;
        long pauses = 0;
        long pauseNanos = 0;
        long maxPause = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                long at = event.getStartTime().toEpochMilli();
                first = Math.min(first, at);
                last = Math.max(last, at);
                switch (type) {
                    case "jdk.ExecutionSample" -> {
                        List<String> frames = frames(event.getStackTrace());
                        if (frames.isEmpty()) {
                            continue;
                        }
                        samples++;
                        self.merge(frames.getFirst(), 1L, Long::sum);
                        for (String frame : new HashSet<>(frames)) {
                            total.merge(frame, 1L, Long::sum);
                        }
                        cpuStacks.merge(collapsed(frames), 1L, Long::sum);
                    }
                    case "jdk.ObjectAllocationSample" -> {
                        long weight = event.getLong("weight");
                        allocated += weight;
                        RecordedClass objectClass = event.getClass("objectClass");
                        allocClass.merge(objectClass == null ? "?" : objectClass.getName(), weight, Long::sum);
                        List<String> frames = frames(event.getStackTrace());
                        if (!frames.isEmpty()) {
                            allocSite.merge(firstApplicationFrame(frames), weight, Long::sum);
                            allocStacks.merge(collapsed(frames), weight, Long::sum);
                            allocOwnerSamples.merge(owner(frames), 1L, Long::sum);
                            allocSamples++;
                        }
                    }
                    case "jdk.ThreadAllocationStatistics" -> {
                        long bytes = event.getLong("allocated");
                        long thread = event.getThread("thread") == null ? -1 : event.getThread("thread").getJavaThreadId();
                        threadAllocated.merge(thread, new long[] {bytes, bytes},
                                (was, now) -> new long[] {Math.min(was[0], now[0]), Math.max(was[1], now[1])});
                    }
                    case "jdk.GarbageCollection" -> {
                        long pause = event.getLong("sumOfPauses");
                        pauses++;
                        pauseNanos += pause;
                        maxPause = Math.max(maxPause, pause);
                    }
                    default -> { }
                }
            }
        }
        double seconds = Math.max(1, last - first) / 1000.0;
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(prefix + ".top.txt")))) {
            out.printf("recording %s: %.1f s, %d CPU samples, %.0f MB allocated (sampled estimate, %.0f MB/s), "
                            + "%d GCs, pauses %.1f ms total, %.1f ms max%n", recording.getFileName(), seconds, samples,
                    allocated / 1e6, allocated / 1e6 / seconds, pauses, pauseNanos / 1e6, maxPause / 1e6);
            long exact = threadAllocated.values().stream().mapToLong(v -> v[1] - v[0]).sum();
            out.printf("allocated (exact, jdk.ThreadAllocationStatistics at the recording's start and end): %.0f MB%n",
                    exact / 1e6);
            if (commands > 0) {
                out.printf("commands forwarded while recording: %d (%.0f/s); per command: %.1f KB allocated, %.2f CPU samples "
                        + "(one sample per 10 ms of a running Java thread: ≈ %.0f µs of Java CPU)%n", commands, commands / seconds,
                        exact / 1e3 / commands, (double) samples / commands, samples * 10_000.0 / commands);
            }
            table(out, "CPU self (top frame)", self, samples, top, "samples");
            table(out, "CPU total (anywhere on the stack)", total, samples, top, "samples");
            table(out, "allocation by site (first frame outside java.*/jdk.*/sun.*)", allocSite, allocated, top, "bytes");
            table(out, "allocation by class", allocClass, allocated, top, "bytes");
            // One sample carries all a thread allocated since its previous one, so a few heavy samples can dominate the
            // byte tables: the sample counts per owner are the steadier view of where allocation happens.
            table(out, "allocation samples by owner (innermost io.chaperone frame, else the TLS or first frame)",
                    allocOwnerSamples, allocSamples, top, "samples");
        }
        writeCollapsed(Path.of(prefix + ".cpu.collapsed"), cpuStacks);
        writeCollapsed(Path.of(prefix + ".alloc.collapsed"), allocStacks);
    }

    /** Frames top first, as {@code Class.method}: line numbers would split one method over many rows. */
    private static List<String> frames(RecordedStackTrace stack) {
        if (stack == null) {
            return List.of();
        }
        List<String> frames = new ArrayList<>(stack.getFrames().size());
        for (RecordedFrame frame : stack.getFrames()) {
            RecordedMethod method = frame.getMethod();
            frames.add(method.getType().getName() + "." + method.getName());
        }
        return frames;
    }

    private static String firstApplicationFrame(List<String> frames) {
        for (String frame : frames) {
            if (!frame.startsWith("java.") && !frame.startsWith("jdk.") && !frame.startsWith("sun.")) {
                return frame;
            }
        }
        return frames.getFirst();
    }

    private static String owner(List<String> frames) {
        for (String frame : frames) {
            if (frame.startsWith("io.chaperone.")) {
                return frame;
            }
        }
        for (String frame : frames) {
            if (frame.contains("SslHandler")) {
                return "(TLS) " + frame;
            }
        }
        return "(no io.chaperone frame) " + firstApplicationFrame(frames);
    }

    /** Root first, as flame graph tools expect. */
    private static String collapsed(List<String> frames) {
        List<String> rootFirst = new ArrayList<>(frames);
        Collections.reverse(rootFirst);
        return String.join(";", rootFirst);
    }

    private static void table(PrintWriter out, String title, Map<String, Long> counts, long whole, int top, String unit) {
        out.printf("%n%s (%s)%n", title, unit);
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.printf("%6.2f %%  %12d  %s%n", 100.0 * e.getValue() / Math.max(1, whole), e.getValue(),
                        e.getKey()));
    }

    private static void writeCollapsed(Path path, Map<String, Long> stacks) throws IOException {
        // Keep the file small: stacks under 0.05 % of the whole are summed into one line.
        long whole = stacks.values().stream().mapToLong(Long::longValue).sum();
        long floor = whole / 2000;
        long rest = 0;
        Set<String> lines = new java.util.TreeSet<>();
        for (Map.Entry<String, Long> e : stacks.entrySet()) {
            if (e.getValue() >= floor) {
                lines.add(e.getKey() + " " + e.getValue());
            } else {
                rest += e.getValue();
            }
        }
        if (rest > 0) {
            lines.add("(stacks under 0.05 % each) " + rest);
        }
        Files.write(path, lines);
    }
}
