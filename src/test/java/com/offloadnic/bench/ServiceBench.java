package com.offloadnic.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The end-to-end benchmark of issue 7 (see README "Benchmark" and docs/benchmarks.md). Against a running service it
 * measures, in one run: the in-process limit (bare JCE AES-GCM-256 sealing the same frames on every core), the
 * service's send path through HTTP on loopback (JSON and CBOR; batches of 1, 16, 64 NBLs of 1400-byte frames and
 * one 64 KiB LSO NBL; 1, 4, 16 concurrent clients), the Python peers (numbers from {@code bench/peers.py}), and
 * fairness (a victim tenant's latency alone and while another tenant floods). Not a test: run by
 * {@code bench/run.sh}.
 *
 * <p>The load generator shares the machine with the service, so it is kept lean ({@link BenchHttpClient}: one
 * blocking socket per client thread, request heads encoded once, bodies patched in place) and every case also
 * reports CPU time per frame over the measured window: the service's (utime + stime of {@code --service-pid} from
 * {@code /proc/<pid>/stat}) and the load generator's own (its process CPU time), so a reader can see what share of
 * the cores each side used.
 *
 * <p>Arguments: {@code --base URL --admin-token T [--service-pid PID] [--seconds S] [--warmup-seconds W]
 * [--peers peers.json] [--out DIR] [--quick]}.
 */
public final class ServiceBench {

    private static final int[] BATCHES = {1, 16, 64};
    /** An extra CBOR batch beyond the three (the bench's tenants allow 1024 frames per request). */
    private static final int EXTRA_CBOR_BATCH = 256;
    private static final int[] CLIENTS = {1, 4, 16};
    private static final int LSO_PAYLOAD = 65_536 - BenchFrames.IPV4 - BenchFrames.ESP_HEADER - BenchFrames.IV
            - BenchFrames.TCP;
    private static final Pattern JSON_STRING = Pattern.compile("\"(%s)\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern JSON_NUMBER = Pattern.compile("\"(%s)\"\\s*:\\s*(-?\\d+)");

    private final String base;
    private final String adminToken;
    private long measureNanos;
    private long warmupNanos;
    private final long serviceWarmupNanos;
    private final CpuClock serviceCpu;
    /** Set-up and statistics calls (main thread only). */
    private final BenchHttpClient setup;

    /** One tenant's NICs, one per client, each with its own outbound SA (same algorithm and key). */
    private record Lane(String token, String nicId, String handle, AtomicLong nextSeq) {
    }

    /** A send request of one client: the body it patches in place and the head encoded once for it. */
    private record Send(BenchBodies.Body body, BenchHttpClient.Request request) {
    }

    /**
     * What one measured configuration produced. {@code serviceCpuNanos} and {@code clientCpuNanos} are the CPU time
     * the service process and the load generator process used over the measured window, -1 when not measured.
     */
    record Result(String name, String encoding, int batch, int clients, long requests, long frames, long wireBytes,
            double seconds, long refusals429, long refusals503, long failures, long[] latenciesNanos,
            long serviceCpuNanos, long clientCpuNanos) {

        double framesPerSecond() {
            return frames / seconds;
        }

        /** The service's CPU time per frame sent, in microseconds; NaN when not measured. */
        double serviceMicrosPerFrame() {
            return serviceCpuNanos < 0 || frames == 0 ? Double.NaN : serviceCpuNanos / 1e3 / frames;
        }

        /** The load generator's own CPU time per frame sent, in microseconds; NaN when not measured. */
        double clientMicrosPerFrame() {
            return clientCpuNanos < 0 || frames == 0 ? Double.NaN : clientCpuNanos / 1e3 / frames;
        }

        double gbps() {
            return wireBytes * 8 / seconds / 1e9;
        }

        long percentile(double p) {
            if (latenciesNanos.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p * latenciesNanos.length) - 1;
            return latenciesNanos[Math.max(0, Math.min(latenciesNanos.length - 1, i))];
        }
    }

    /** CPU time of the service process from /proc/PID/stat (utime + stime), or nothing without a PID. */
    record CpuClock(long pid, long nanosPerTick) {

        static CpuClock of(String pid) throws IOException, InterruptedException {
            if (pid == null) {
                return new CpuClock(-1, 0);
            }
            return new CpuClock(Long.parseLong(pid), 1_000_000_000L / clockTicksPerSecond());
        }

        /** Nanoseconds of CPU the process has used so far, -1 when unknown. */
        long nanos() {
            if (pid < 0) {
                return -1;
            }
            try {
                return cpuTicks(Files.readString(Path.of("/proc/" + pid + "/stat"))) * nanosPerTick;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        /** utime + stime (clock ticks) of a {@code /proc/PID/stat} line. */
        static long cpuTicks(String stat) {
            // fields after "(comm)": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
            // utime stime ...; comm may hold spaces and parentheses, so count from the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }

        private static long clockTicksPerSecond() throws IOException, InterruptedException {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return p.waitFor() == 0 && out.matches("\\d+") ? Long.parseLong(out) : 100;
        }
    }

    private ServiceBench(String base, String adminToken, double seconds, double warmupSeconds,
            double serviceWarmupSeconds, CpuClock serviceCpu) {
        this.base = base;
        this.serviceWarmupNanos = (long) (serviceWarmupSeconds * 1e9);
        this.adminToken = adminToken;
        this.measureNanos = (long) (seconds * 1e9);
        this.warmupNanos = (long) (warmupSeconds * 1e9);
        this.serviceCpu = serviceCpu;
        this.setup = BenchHttpClient.of(base);
    }

    /** CPU time this JVM (the load generator: client threads, JIT, GC) has used so far. */
    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick") || args[i].equals("--fairness-only") || args[i].equals("--profile-case")) {
                a.put(args[i].substring(2), "true");
            } else {
                a.put(args[i].substring(2), args[++i]);
            }
        }
        var bench = new ServiceBench(a.getOrDefault("base", "http://127.0.0.1:18080"), a.get("admin-token"),
                Double.parseDouble(a.getOrDefault("seconds", "3")),
                Double.parseDouble(a.getOrDefault("warmup-seconds", "1.5")),
                Double.parseDouble(a.getOrDefault("service-warmup-seconds", "12")), CpuClock.of(a.get("service-pid")));
        Path out = Path.of(a.getOrDefault("out", "target/bench"));
        Files.createDirectories(out);
        boolean quick = a.containsKey("quick");
        Map<String, Double> peers = a.containsKey("peers") ? readPeers(Path.of(a.get("peers"))) : Map.of();
        if (a.containsKey("profile-case")) {
            // one case for a profiler attached to the service: CBOR, 64 NBLs per request (--profile-batch), 4 clients
            Lane[] lanes = bench.tenantLanes("profile", 4);
            bench.warmUpService(lanes);
            header();
            int batch = Integer.parseInt(a.getOrDefault("profile-batch", "64"));
            row(bench.sendRun("cbor batch " + batch, "cbor", batch, 4, lanes, false), bench.inProcessLimit(2));
            return;
        }
        if (a.containsKey("fairness-only")) {
            bench.fairnessOnly();
            return;
        }
        bench.run(out, peers, quick);
    }

    private void run(Path out, Map<String, Double> peers, boolean quick) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        System.out.printf(Locale.ROOT, "machine: %d cores, %s; load average before: %s%n", cores,
                System.getProperty("os.arch"), load);

        System.out.println("\n== 1. in-process limit: bare JCE AES-GCM-256 seal of the same 1400-byte packets, "
                + cores + " threads, no HTTP ==");
        Result limit = inProcessLimit(cores);
        System.out.printf(Locale.ROOT, "%,.0f frames/s  %.2f Gbit/s%n", limit.framesPerSecond(), limit.gbps());

        if (serviceCpu.pid() < 0) {
            System.out.println("no --service-pid: the service's CPU per frame is not measured");
        }
        Lane[] lanes = tenantLanes("bench", 16);
        warmUpService(lanes);
        List<Result> http = new ArrayList<>();
        System.out.println("\n== 2. the service: POST /v1/nics/{nicId}/send over HTTP/1.1 on loopback ==");
        header();
        int[] clientsSet = quick ? new int[] {1, 16} : CLIENTS;
        for (String enc : List.of("json", "cbor")) {
            for (int batch : BATCHES) {
                for (int clients : clientsSet) {
                    Result r = sendRun(enc + " batch " + batch, enc, batch, clients, lanes, false);
                    http.add(r);
                    row(r, limit);
                }
            }
        }
        // an extra beyond the batches: the per-request cost spread over 4x more frames than batch 64
        List<Result> extra = new ArrayList<>();
        for (int clients : clientsSet) {
            Result r = sendRun("cbor batch " + EXTRA_CBOR_BATCH, "cbor", EXTRA_CBOR_BATCH, clients, lanes, false);
            extra.add(r);
            row(r, limit);
        }
        List<Result> lso = new ArrayList<>();
        String lsoProbe = probeLso(lanes[0]);
        if (lsoProbe != null) {
            System.out.println("LSO 64 KiB + AES-GCM-256 over HTTP: not measured, the service refused the LSO NBL: "
                    + lsoProbe);
        } else {
            for (String enc : List.of("json", "cbor")) {
                for (int clients : clientsSet) {
                    Result r = sendRun(enc + " LSO 64KiB", enc, 1, clients, lanes, true);
                    lso.add(r);
                    row(r, limit);
                }
            }
        }

        System.out.println("\n== 3. peers a rig would use without us (bench/peers.py, same 1400-byte packets) ==");
        peers.forEach((name, fps) -> System.out.printf(Locale.ROOT, "%-44s %,12.0f frames/s  %6.3f Gbit/s%n",
                name, fps, fps * BenchFrames.FRAME * 8 / 1e9));

        System.out.println("\n== 4. fairness: victim tenant (1 client, CBOR, 16 NBLs/request) alone and while "
                + "another tenant floods (16 clients, CBOR, 64 NBLs/request) ==");
        Lane[] victim = tenantLanes("victim", 1);
        Lane[] flood = tenantLanes("flood", 16);
        Result alone = sendRun("victim alone", "cbor", 16, 1, victim, false);
        Result flooded4 = floodedRun(victim, Arrays.copyOf(flood, 4), "victim, 4 flooders");
        Result flooded = floodedRun(victim, flood, "victim, 16 flooders");
        header();
        row(alone, limit);
        row(flooded4, limit);
        row(flooded, limit);
        System.out.printf(Locale.ROOT, "victim p99 flooded / alone = %.2f with 4 flooding clients (the tenant's "
                + "admitted share), %.2f with 16 (target <= 3)%n",
                (double) flooded4.percentile(0.99) / Math.max(1, alone.percentile(0.99)),
                (double) flooded.percentile(0.99) / Math.max(1, alone.percentile(0.99)));

        System.out.println("\n== ratios ==");
        Result best64 = best(http, "cbor", 64);
        ratio("CBOR, 1400-byte frames, batches of 64 / in-process limit (target >= 0.25)", best64, limit);
        lso.stream().filter(r -> r.encoding().equals("cbor"))
                .max((x, y) -> Double.compare(x.framesPerSecond(), y.framesPerSecond()))
                .ifPresentOrElse(r -> ratio("CBOR, LSO 64 KiB + AES-GCM-256 / in-process limit (target >= 0.40)", r,
                        limit), () -> System.out.println("CBOR, LSO 64 KiB + AES-GCM-256 / in-process limit: not "
                        + "measured (see above)"));
        extra.stream().max((x, y) -> Double.compare(x.framesPerSecond(), y.framesPerSecond())).ifPresent(r -> ratio(
                "CBOR, batches of " + EXTRA_CBOR_BATCH + " (extra) / in-process limit", r, limit));
        Result bestAny = http.stream().max((x, y) -> Double.compare(x.framesPerSecond(), y.framesPerSecond()))
                .orElseThrow();
        for (var peer : peers.entrySet()) {
            System.out.printf(Locale.ROOT, "best service run (%s, %d clients) / %s = %.1fx%n", bestAny.name(),
                    bestAny.clients(), peer.getKey(), bestAny.framesPerSecond() / peer.getValue());
        }
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
        System.out.println("load average after: " + loadAfter);

        List<Result> all = new ArrayList<>(http);
        all.addAll(extra);
        all.addAll(lso);
        BenchReport.write(out, limit, all, peers, alone, List.of(flooded4, flooded), load, loadAfter, cores);
        List<Result> charted = new ArrayList<>(http);
        charted.addAll(extra);
        BenchChart.draw(out.resolve("throughput-vs-batch.png"), limit, charted, peers);
        System.out.println("\nwrote " + out.resolve("results.md") + " and " + out.resolve("throughput-vs-batch.png"));
    }

    private void fairnessOnly() throws Exception {
        Result limit = inProcessLimit(Runtime.getRuntime().availableProcessors());
        Lane[] victim = tenantLanes("victim", 1);
        Lane[] flood = tenantLanes("flood", 16);
        warmUpService(flood); // a cold service makes "victim alone" slow and the ratio look better than it is
        Result alone = sendRun("victim alone", "cbor", 16, 1, victim, false);
        Result flooded4 = floodedRun(victim, Arrays.copyOf(flood, 4), "victim, 4 flooders");
        Result flooded = floodedRun(victim, flood, "victim, 16 flooders");
        header();
        row(alone, limit);
        row(flooded4, limit);
        row(flooded, limit);
    }

    private static Result best(List<Result> rs, String enc, int batch) {
        return rs.stream().filter(r -> r.encoding().equals(enc) && r.batch() == batch)
                .max((x, y) -> Double.compare(x.framesPerSecond(), y.framesPerSecond())).orElseThrow();
    }

    private static void ratio(String what, Result r, Result limit) {
        System.out.printf(Locale.ROOT, "%s: %.3f (%,.0f / %,.0f frames/s, %d clients)%n", what,
                r.framesPerSecond() / limit.framesPerSecond(), r.framesPerSecond(), limit.framesPerSecond(),
                r.clients());
    }

    private static void header() {
        System.out.printf(Locale.ROOT, "%-22s %7s %12s %8s %9s %9s %9s %7s %7s %6s %8s %9s %9s%n", "case", "clients",
                "frames/s", "Gbit/s", "p50 ms", "p99 ms", "p999 ms", "429", "503", "fail", "/limit", "svc us/f",
                "gen us/f");
    }

    static void row(Result r, Result limit) {
        System.out.printf(Locale.ROOT, "%-22s %7d %,12.0f %8.3f %9.3f %9.3f %9.3f %7d %7d %6d %8.3f %9s %9s%n",
                r.name(), r.clients(), r.framesPerSecond(), r.gbps(), r.percentile(0.5) / 1e6,
                r.percentile(0.99) / 1e6, r.percentile(0.999) / 1e6, r.refusals429(), r.refusals503(), r.failures(),
                r.framesPerSecond() / limit.framesPerSecond(), micros(r.serviceMicrosPerFrame()),
                micros(r.clientMicrosPerFrame()));
    }

    /** CPU microseconds per frame with two decimals, "-" when not measured. */
    static String micros(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    // --- 1. in-process limit ---

    private Result inProcessLimit(int threads) throws Exception {
        byte[] key = Arrays.copyOf(BenchFrames.keyMaterial(), 32);
        byte[] salt = Arrays.copyOfRange(BenchFrames.keyMaterial(), 32, 36);
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong frames = new AtomicLong();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().name("jce-limit-" + t).start(() -> {
                try {
                    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
                    SecretKeySpec k = new SecretKeySpec(key, "AES");
                    byte[] frame = BenchFrames.espFrame(1);
                    byte[] nonce = new byte[12];
                    System.arraycopy(salt, 0, nonce, 0, 4);
                    int esp = BenchFrames.ETH + BenchFrames.IPV4;
                    int payload = esp + BenchFrames.ESP_HEADER + BenchFrames.IV;
                    long n = 0;
                    long seq = 1;
                    while (!stop.get()) {
                        seq++;
                        BenchFrames.putInt(frame, esp + 4, (int) seq);
                        BenchFrames.putInt(nonce, 8, (int) seq);
                        System.arraycopy(nonce, 4, frame, esp + BenchFrames.ESP_HEADER, BenchFrames.IV);
                        gcm.init(Cipher.ENCRYPT_MODE, k, new GCMParameterSpec(128, nonce));
                        gcm.updateAAD(frame, esp, BenchFrames.ESP_HEADER);
                        gcm.doFinal(frame, payload, BenchFrames.ENCRYPTED, frame, payload);
                        if (measuring.get()) {
                            n++;
                        }
                    }
                    frames.addAndGet(n);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    done.countDown();
                }
            });
        }
        Thread.sleep(warmupNanos / 1_000_000);
        long start = System.nanoTime();
        measuring.set(true);
        Thread.sleep(measureNanos / 1_000_000);
        measuring.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        done.await();
        long f = frames.get();
        return new Result("in-process JCE limit", "-", 1, threads, f, f, f * BenchFrames.FRAME, seconds, 0, 0, 0,
                new long[0], -1, -1);
    }

    // --- 2. HTTP ---

    /**
     * Runs every kind of request the cases send before any case is measured, so the service's JIT compiles its
     * paths here and not during the first cases (which otherwise showed a compiler's CPU time as the service's
     * cost per frame: about 2 ms per frame for the first JSON batch-1 case of a fresh service).
     */
    private void warmUpService(Lane[] lanes) throws Exception {
        if (serviceWarmupNanos <= 0) {
            return;
        }
        System.out.printf(Locale.ROOT, "%nwarming up the service (%.0f s over every kind of request, not measured)%n",
                serviceWarmupNanos / 1e9);
        long measure = measureNanos;
        long warmup = warmupNanos;
        String[][] kinds = {{"json", "1"}, {"json", "64"}, {"cbor", "1"}, {"cbor", "64"}, {"json", "lso"},
            {"cbor", "lso"}};
        try {
            measureNanos = 0;
            warmupNanos = serviceWarmupNanos / kinds.length;
            for (String[] k : kinds) {
                boolean lso = k[1].equals("lso");
                measure("warm-up", k[0], lso ? 1 : Integer.parseInt(k[1]), 4, lanes, lso, false);
            }
        } finally {
            measureNanos = measure;
            warmupNanos = warmup;
        }
    }

    private Result sendRun(String name, String enc, int batch, int clients, Lane[] lanes, boolean lso)
            throws Exception {
        return measure(name, enc, batch, clients, lanes, lso, true);
    }

    private Result floodedRun(Lane[] victim, Lane[] flood, String name) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> flooders = new ArrayList<>();
        for (Lane lane : flood) {
            flooders.add(Thread.ofPlatform().name("flood").start(() -> {
                try (var client = BenchHttpClient.of(base)) {
                    Send send = send(client, lane, BenchBodies.cbor(64, lane.handle()));
                    while (!stop.get()) {
                        int outcome = exchange(client, lane, send, 64, 1);
                        if (outcome == 429 || outcome == 503) {
                            Thread.sleep(1); // hostile: ignores Retry-After, retries after 1 ms
                        }
                    }
                } catch (Exception e) {
                    // a flooder that fails stops flooding; the victim's numbers show it
                }
            }));
        }
        Thread.sleep(1000);
        try {
            // CPU per frame is not reported: the flooders' frames are not counted, their CPU would be
            return measure(name, "cbor", 16, 1, victim, false, false);
        } finally {
            stop.set(true);
            for (Thread t : flooders) {
                t.join();
            }
        }
    }

    /** Null when the service takes an LSO + ESP NBL, else why not. */
    private String probeLso(Lane lane) throws IOException {
        try (var client = BenchHttpClient.of(base)) {
            Send send = send(client, lane, BenchBodies.lso(false, lane.handle(), LSO_PAYLOAD));
            int outcome = exchange(client, lane, send, BenchFrames.lsoSegments(LSO_PAYLOAD), 1);
            return outcome == 0 ? null : "completion " + outcome;
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    /** The send request of {@code body} on {@code lane}'s NIC, its head encoded once for {@code client}. */
    private static Send send(BenchHttpClient client, Lane lane, BenchBodies.Body body) {
        return new Send(body, client.request("POST", "/v1/nics/" + lane.nicId() + "/send", lane.token(),
                body.contentType(), body.contentType() + ", application/problem+json", body.bytes()));
    }

    /** What one request did: 0 = ok, 429/503 = refused (retried), -1 = completions with failures. */
    private static int exchange(BenchHttpClient client, Lane lane, Send send, int frames, int seqStep)
            throws IOException {
        long first = lane.nextSeq().get();
        send.body().setSequenceNumbers(first, seqStep);
        int status = client.send(send.request());
        if (status == 429 || status == 503) {
            return status;
        }
        if (status != 200) {
            throw new IllegalStateException("send answered " + status + ": " + client.bodyText());
        }
        lane.nextSeq().addAndGet((long) frames * seqStep);
        return client.bodyContains(FAILURE) ? -1 : 0;
    }

    private static final byte[] FAILURE = "FAILURE".getBytes(StandardCharsets.US_ASCII);

    /**
     * Runs {@code clients} client threads through warm-up and the measured window. With {@code accountCpu} the
     * service's and this process's CPU time are read at the window's start and end.
     */
    private Result measure(String name, String enc, int batch, int clients, Lane[] lanes, boolean lso,
            boolean accountCpu) throws Exception {
        boolean cbor = enc.equals("cbor");
        int seqStep = lso ? BenchFrames.lsoSegments(LSO_PAYLOAD) : 1;
        int framesPerRequest = lso ? seqStep : batch;
        long[] txBefore = txBytes(lanes, clients);
        AtomicLong requests = new AtomicLong();
        AtomicLong r429 = new AtomicLong();
        AtomicLong r503 = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicBoolean failedHard = new AtomicBoolean();
        List<long[]> latencies = new ArrayList<>();
        long warmEnd = System.nanoTime() + warmupNanos;
        long end = warmEnd + measureNanos;
        Thread[] threads = new Thread[clients];
        String[] firstFailure = new String[1];
        for (int c = 0; c < clients; c++) {
            Lane lane = lanes[c];
            long[] lat = new long[1 << 20];
            latencies.add(lat);
            int slot = c;
            threads[c] = Thread.ofPlatform().name("client-" + c).start(() -> {
                BenchBodies.Body body = lso ? BenchBodies.lso(cbor, lane.handle(), LSO_PAYLOAD)
                        : cbor ? BenchBodies.cbor(batch, lane.handle()) : BenchBodies.json(batch, lane.handle());
                int n = 0;
                try (var client = BenchHttpClient.of(base)) {
                    Send send = send(client, lane, body);
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) {
                            break;
                        }
                        int outcome = exchange(client, lane, send, framesPerRequest, seqStep);
                        long t1 = System.nanoTime();
                        boolean counted = t0 >= warmEnd;
                        if (outcome == 429 || outcome == 503) {
                            if (counted) {
                                (outcome == 429 ? r429 : r503).incrementAndGet();
                            }
                            Thread.sleep(1);
                            continue;
                        }
                        if (outcome < 0) {
                            failures.incrementAndGet();
                        }
                        if (counted && t1 <= end) {
                            requests.incrementAndGet();
                            if (n < lat.length) {
                                lat[n++] = t1 - t0;
                            }
                        }
                    }
                } catch (Exception e) {
                    failedHard.set(true);
                    synchronized (firstFailure) {
                        if (firstFailure[0] == null) {
                            firstFailure[0] = e.getMessage();
                        }
                    }
                }
                latencies.set(slot, Arrays.copyOf(lat, n));
            });
        }
        long serviceCpuNanos = -1;
        long clientCpuNanos = -1;
        if (accountCpu) {
            sleepUntil(warmEnd);
            long service0 = serviceCpu.nanos();
            long client0 = ownCpuNanos();
            sleepUntil(end);
            long service1 = serviceCpu.nanos();
            clientCpuNanos = ownCpuNanos() - client0;
            serviceCpuNanos = service0 < 0 || service1 < 0 ? -1 : service1 - service0;
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failedHard.get()) {
            System.out.println(name + ": " + firstFailure[0]);
        }
        long[] txAfter = txBytes(lanes, clients);
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        long req = requests.get();
        long frames = req * framesPerRequest;
        long wire = frames * BenchFrames.FRAME;
        double seconds = measureNanos / 1e9;
        if (txBefore != null && txAfter != null) {
            // counted from the NICs' own statistics over the whole run (warm-up included): scale to the window
            long runFrames = txAfter[0] - txBefore[0];
            long runBytes = txAfter[1] - txBefore[1];
            if (runFrames > 0) {
                wire = Math.round((double) runBytes / runFrames * frames);
            }
        }
        return new Result(name, enc, lso ? 0 : batch, clients, req, frames, wire, seconds, r429.get(), r503.get(),
                failures.get(), all, serviceCpuNanos, clientCpuNanos);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    /** Sum of txFrames and txBytes of the first {@code n} lanes' NICs, or null when the service has no such field. */
    private long[] txBytes(Lane[] lanes, int n) throws IOException {
        long frames = 0;
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            String body = get(lanes[i].token(), "/v1/nics/" + lanes[i].nicId() + "/statistics");
            Long f = number(body, "txFrames");
            Long b = number(body, "txBytes");
            if (f == null || b == null) {
                return null;
            }
            frames += f;
            bytes += b;
        }
        return new long[] {frames, bytes};
    }

    // --- set-up through the API ---

    private Lane[] tenantLanes(String prefix, int n) throws IOException {
        String created = post(adminToken, "/v1/admin/tenants", "{\"name\":\"" + prefix + "-"
                + UUID.randomUUID().toString().substring(0, 8) + "\",\"quotas\":{\"maxNics\":64,"
                + "\"maxFramesPerRequest\":1024,\"requestsPerSecond\":1000000}}", 201);
        String token = string(created, "token");
        String key = java.util.Base64.getEncoder().encodeToString(BenchFrames.keyMaterial());
        Lane[] lanes = new Lane[n];
        for (int i = 0; i < n; i++) {
            String nic = string(post(token, "/v1/nics", "{\"ndisVersion\":\"6.30\"}", 201), "nicId");
            String sa = post(token, "/v1/nics/" + nic + "/oids/tcp-task-ipsec-offload-v2-add-sa-ex",
                    "{\"ipVersion\":4,\"secAssoc\":[{\"operation\":\"IPsecOffloadV2Esp\",\"spi\":" + BenchFrames.SPI
                            + ",\"encryptionAlgorithm\":{\"identifier\":\"IPSEC_OFFLOAD_V2_ENCRYPTION_AES_GCM_256\","
                            + "\"keyLength\":36,\"additionalInfo\":16}}],\"keyData\":\"" + key + "\","
                            + "\"emulation\":{\"mode\":\"transport\"}}", 200);
            lanes[i] = new Lane(token, nic, string(sa, "offloadHandle"), new AtomicLong(1));
        }
        return lanes;
    }

    private String post(String token, String path, String json, int expect) throws IOException {
        int status = setup.send("POST", path, token, "application/json", json);
        if (status != expect) {
            throw new IllegalStateException("POST " + path + " answered " + status + ": " + setup.bodyText());
        }
        return setup.bodyText();
    }

    private String get(String token, String path) throws IOException {
        setup.send("GET", path, token, null, null);
        return setup.bodyText();
    }

    private static String string(String json, String field) {
        Matcher m = Pattern.compile(String.format(JSON_STRING.pattern(), Pattern.quote(field))).matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        return m.group(2);
    }

    private static Long number(String json, String field) {
        Matcher m = Pattern.compile(String.format(JSON_NUMBER.pattern(), Pattern.quote(field))).matcher(json);
        return m.find() ? Long.valueOf(m.group(2)) : null;
    }

    /** {@code {"name": framesPerSecond, ...}} as bench/peers.py prints it. */
    static Map<String, Double> readPeers(Path file) throws IOException {
        Map<String, Double> peers = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\"([^\"]+)\"\\s*:\\s*([0-9.eE+-]+)").matcher(Files.readString(file));
        while (m.find()) {
            peers.put(m.group(1), Double.valueOf(m.group(2)));
        }
        return peers;
    }
}
