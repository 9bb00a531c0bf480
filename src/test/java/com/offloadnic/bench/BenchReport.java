package com.offloadnic.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a {@link ServiceBench} run as Markdown tables (results.md), ready for docs/benchmarks.md. */
final class BenchReport {

    private BenchReport() {
    }

    static void write(Path dir, ServiceBench.Result limit, List<ServiceBench.Result> http, Map<String, Double> peers,
            ServiceBench.Result alone, List<ServiceBench.Result> flooded, String loadBefore, String loadAfter, int cores)
            throws IOException {
        var md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Run %s on %d cores (%s, Java %s). Load average before: `%s`; after: "
                + "`%s`.%n%n", Instant.now(), cores, System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.version(), loadBefore, loadAfter));
        md.append(String.format(Locale.ROOT, "In-process limit (bare JCE AES-GCM-256, %d threads): **%,.0f frames/s, "
                + "%.2f Gbit/s**.%n%n", limit.clients(), limit.framesPerSecond(), limit.gbps()));
        md.append("CPU µs/frame: CPU time over the measured window divided by the frames sent in it; service = utime + "
                + "stime of the service process, load gen = the load generator's own process CPU time. Both share the "
                + "same cores, so their sum per frame bounds what the machine can do.\n\n");
        md.append("| case | clients | frames/s | Gbit/s | p50 ms | p99 ms | p999 ms | 429 | 503 | failed | / limit "
                + "| service CPU µs/frame | load gen CPU µs/frame |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ServiceBench.Result r : http) {
            md.append(row(r, limit));
        }
        md.append("\n| peer (bench/peers.py) | frames/s | Gbit/s | best service run / peer |\n|---|---:|---:|---:|\n");
        double best = http.stream().mapToDouble(ServiceBench.Result::framesPerSecond).max().orElse(0);
        peers.forEach((name, fps) -> md.append(String.format(Locale.ROOT, "| %s | %,.0f | %.3f | %.1fx |%n", name,
                fps, fps * BenchFrames.FRAME * 8 / 1e9, best / fps)));
        md.append("\n| fairness (victim: 1 client, CBOR, 16 NBLs) | clients | frames/s | Gbit/s | p50 ms | p99 ms "
                + "| p999 ms | 429 | 503 | failed | / limit | service CPU µs/frame | load gen CPU µs/frame |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        md.append(row(alone, limit));
        flooded.forEach(f -> md.append(row(f, limit)));
        md.append('\n');
        flooded.forEach(f -> md.append(String.format(Locale.ROOT, "Victim p99 (%s) / alone: **%.2f**.%n", f.name(),
                (double) f.percentile(0.99) / Math.max(1, alone.percentile(0.99)))));
        Files.writeString(dir.resolve("results.md"), md);
    }

    private static String row(ServiceBench.Result r, ServiceBench.Result limit) {
        return String.format(Locale.ROOT,
                "| %s | %d | %,.0f | %.3f | %.3f | %.3f | %.3f | %d | %d | %d | %.3f | %s | %s |%n",
                r.name(), r.clients(), r.framesPerSecond(), r.gbps(), r.percentile(0.5) / 1e6,
                r.percentile(0.99) / 1e6, r.percentile(0.999) / 1e6, r.refusals429(), r.refusals503(), r.failures(),
                r.framesPerSecond() / limit.framesPerSecond(), ServiceBench.micros(r.serviceMicrosPerFrame()),
                ServiceBench.micros(r.clientMicrosPerFrame()));
    }
}
