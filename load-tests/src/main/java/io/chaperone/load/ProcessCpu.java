package io.chaperone.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process used (user + system, /proc/&lt;pid&gt;/stat fields 14 and 15, in clock ticks), read at the start and
 * the end of a measured window: divided by the commands of that window it is the CPU cost of a command, comparable
 * between the gateway and the bare relay because both are measured the same way on the same machine.
 */
final class ProcessCpu {

    private final Path stat;
    private final int ticksPerSecond;

    /** {@code ticksPerSecond}: {@code getconf CLK_TCK} (100 on Linux x86_64). Pid 0 (none given) reads as -1. */
    ProcessCpu(long pid, int ticksPerSecond) {
        this(Path.of("/proc", String.valueOf(pid), "stat"), ticksPerSecond);
    }

    private ProcessCpu(Path stat, int ticksPerSecond) {
        this.stat = stat;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** This process (the generator). */
    static ProcessCpu self(int ticksPerSecond) {
        return new ProcessCpu(Path.of("/proc/self/stat"), ticksPerSecond);
    }

    /** CPU microseconds used so far, or -1 when the process cannot be read (not Linux, already gone). */
    long micros() {
        try {
            return parseTicks(Files.readString(stat)) * 1_000_000L / ticksPerSecond;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime of a stat line; the command name (field 2) may hold spaces and parentheses, so count after its ')'. */
    static long parseTicks(String statLine) {
        String[] fields = statLine.substring(statLine.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state): utime is field 14, stime field 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The 1-minute load average (/proc/loadavg), or -1. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
