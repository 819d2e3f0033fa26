package io.chaperone.load;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 05: {@code --hubs} (20,000) idle hubs connected to one gateway. Heap after a full GC
 * ({@code jcmd GC.run}, read from /q/metrics) and RSS ({@code /proc/<pid>/status}) before and after,
 * per connection; then held idle ({@code --idle-hold}, 65 s: two keep-alive pings) and counted again.
 */
record IdleHubs(World world, HubConnector connector, Args args) {

    ObjectNode run() throws Exception {
        int requested = args.integer("hubs", 20_000);
        long openFiles = openFileLimit();
        // Each hub is a socket in this process and in the gateway's; leave room for jars, pools and the rest.
        int hubs = (int) Math.min(requested, Math.max(100, openFiles - 600));
        if (hubs < requested) {
            System.out.println("hubs capped at " + hubs + " by the open-file limit " + openFiles + " (ulimit -n)");
        }
        long pid = Long.parseLong(args.get("gateway-pid", "0"));
        int managementPort = args.integer("management-port", 9000);
        List<World.HubSeat> seats = world.hubs(connector, hubs, 100);
        long heapBefore = heapAfterGc(pid, managementPort);
        long rssBefore = rss(pid);
        histogram(pid, "before");
        long t0 = System.nanoTime();
        List<SimHub> connected = Live.online(connector, seats);
        double connectSeconds = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(3000); // inventories and presence writes settle
        long heapAfter = heapAfterGc(pid, managementPort);
        long rssAfter = rss(pid);
        histogram(pid, "after");
        ObjectNode out = Rest.JSON.createObjectNode().put("hubs", hubs).put("hubsRequested", requested)
                .put("openFileLimit", openFiles);
        out.put("connectSeconds", Math.round(connectSeconds * 10) / 10.0);
        out.put("hubsConnectedGauge", gauge(managementPort, "chaperone_hubs_connected "));
        out.put("heapBeforeMiB", heapBefore >> 20).put("heapAfterMiB", heapAfter >> 20);
        out.put("heapPerHubBytes", (heapAfter - heapBefore) / hubs);
        out.put("rssBeforeMiB", rssBefore >> 20).put("rssAfterMiB", rssAfter >> 20);
        out.put("rssPerHubBytes", (rssAfter - rssBefore) / hubs);
        out.put("connectsPerSec", Math.round(hubs / connectSeconds));
        // Idle for real: past two of the gateway's keep-alive pings (30 s), every hub must still be connected.
        Thread.sleep(args.duration("idle-hold", "65s").toMillis());
        out.put("stillConnectedAfterIdleHold", connected.stream().filter(h -> h.closeCode == null).count());
        connected.stream().filter(h -> h.closeCode != null).collect(java.util.stream.Collectors.groupingBy(
                h -> String.valueOf(h.closeCode), java.util.stream.Collectors.counting()))
                .forEach((code, n) -> out.put("droppedWithCode." + code, n));
        out.put("hubsConnectedGaugeAfterIdleHold", gauge(managementPort, "chaperone_hubs_connected "));
        return out;
    }

    /**
     * With {@code --histograms true}: the server's live-object histogram ({@code jcmd GC.class_histogram}, itself a full
     * GC) into {@code <out>/<result-name>.histo-<when>.txt}, so the bytes per hub can be attributed by class.
     */
    private void histogram(long pid, String when) throws Exception {
        if (!Boolean.parseBoolean(args.get("histograms", "false"))) {
            return;
        }
        Path file = Path.of(args.get("out", "load-tests/results"))
                .resolve(args.get("result-name", args.get("scenario", "05-idle-hubs")) + ".histo-" + when + ".txt");
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid),
                "GC.class_histogram").redirectErrorStream(true).redirectOutput(file.toFile()).start()
                .waitFor(120, TimeUnit.SECONDS);
    }

    /** The soft limit on open files of this process (Linux), or Long.MAX_VALUE when it cannot be read. */
    private static long openFileLimit() {
        try {
            return Files.readAllLines(Path.of("/proc/self/limits")).stream().filter(l -> l.startsWith("Max open files"))
                    .map(l -> l.substring("Max open files".length()).trim().split("\\s+")[0])
                    .mapToLong(v -> v.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(v)).findFirst()
                    .orElse(Long.MAX_VALUE);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long heapAfterGc(long pid, int managementPort) throws Exception {
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
        String metrics = scrape(managementPort);
        return (long) metrics.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static double gauge(int managementPort, String name) throws Exception {
        return scrape(managementPort).lines().filter(l -> l.startsWith(name))
                .mapToDouble(l -> Double.parseDouble(l.substring(name.length()).trim())).findFirst().orElse(-1);
    }

    private static String scrape(int managementPort) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long rss(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).findFirst().orElse(-1L);
    }
}
