import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load generator of the one-command benchmark (tools/bench/run.sh). Plain JDK, no dependencies: HTTP/1.1
 * keep-alive over blocking sockets (one connection per caller) and its own SigV4 signer (signing key derived once
 * per day, one SHA-256 of the body and one of the canonical request plus one HMAC per request). The suite and the
 * baseline get exactly the same client, the same signing work and the same number of callers.
 *
 * <p>Modes:
 * <ul>
 * <li>{@code api}: GetChannel against the baseline endpoint and through the gateway, then CreateChannel through the
 * gateway: closed loop with N callers (peak throughput, p50/p99), then open loop at half of that peak (requests
 * sent on a fixed schedule whether or not earlier ones have returned; latency counted from the scheduled send
 * time, so queueing is included). Prints a table and the ratios against the baselines. Deletes what it
 * created.</li>
 * <li>{@code create-channels N [type]}: creates N channels, prints {@code arn streamKeyValue} per line.</li>
 * <li>{@code delete-channels FILE}: deletes the channels whose ARNs start the lines of FILE.</li>
 * <li>{@code live-count FILE N}: how many of the first N channels of FILE are LIVE (GetStream).</li>
 * </ul>
 * Options ({@code --name value}): ops (baseline,get,create), gateway, baseline, concurrency (16), seconds (15), warmup (5), half-seconds
 * (15), channels (50), pgbench-tps, pgbench-clients, pgbench-create-tps, pgbench-create-no-quota-tps, hop (URL of a gateway routing channel operations to the baseline; op {@code hop}), pids (name=pid,...: CPU time per request of those processes;
 * pid 0 = the PostgreSQL backends of database pg-db, pid -1 = the server's background processes), pg-db, access-key, secret-key, region.
 */
public final class ApiBench {
    private static final Pattern CHANNEL_ARN = Pattern.compile("arn:aws:ivs:[^\"]*:channel/[A-Za-z0-9]+");
    private static final Pattern KEY_VALUE = Pattern.compile("\"value\"\\s*:\\s*\"(sk_[^\"]+)\"");

    private final Map<String, String> opts;
    private final SigV4 signer;
    private final URI gateway;
    private final int concurrency;
    private final List<String> rows = new ArrayList<>();
    private final Map<String, Result> results = new HashMap<>();
    private final Map<String, Long> pids = new LinkedHashMap<>();
    /** CPU ms per second of each process with no load (timers, pollers, JIT), measured before the first run. */
    private final Map<String, Double> idleRate = new LinkedHashMap<>();

    private ApiBench(Map<String, String> opts) {
        this.opts = opts;
        this.signer = new SigV4(opt("access-key", "AKIAIOSFODNN7EXAMPLE"),
                opt("secret-key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), opt("region", "us-west-2"));
        this.gateway = URI.create(opt("gateway", "http://127.0.0.1:8080"));
        this.concurrency = Integer.parseInt(opt("concurrency", "16"));
        for (String p : opt("pids", "").split(",")) {
            if (p.contains("=")) {
                pids.put(p.substring(0, p.indexOf('=')), Long.parseLong(p.substring(p.indexOf('=') + 1)));
            }
        }
    }

    private String opt(String name, String def) {
        return opts.getOrDefault(name, def);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                opts.put(args[i].substring(2), args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        ApiBench bench = new ApiBench(opts);
        String mode = positional.isEmpty() ? "api" : positional.get(0);
        switch (mode) {
            case "api" -> bench.api();
            case "create-channels" -> bench.createChannels(Integer.parseInt(positional.get(1)),
                    positional.size() > 2 ? positional.get(2) : "STANDARD");
            case "live-count" -> bench.liveCount(Files.readAllLines(Path.of(positional.get(1))).stream()
                    .map(l -> l.split(" ")[0]).filter(l -> !l.isBlank()).limit(Long.parseLong(positional.get(2)))
                    .toList());
            case "delete-channels" -> bench.deleteChannels(Files.readAllLines(Path.of(positional.get(1))).stream()
                    .map(l -> l.split(" ")[0]).filter(l -> !l.isBlank()).toList());
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    // ------------------------------------------------------------------------------------------------ modes

    private void createChannels(int n, String type) throws IOException {
        try (Conn c = new Conn(gateway)) {
            for (int i = 0; i < n; i++) {
                String body = "{\"name\":\"bench-rtmp-" + i + "\",\"type\":\"" + type + "\",\"latencyMode\":\"LOW\","
                        + "\"insecureIngest\":true}";
                Reply r = c.send(signed(gateway, "/CreateChannel", body));
                for (int attempt = 0; r.status == 429 && attempt < 20; attempt++) {
                    sleep(300); // the gateway enforces the AWS quota (5 TPS) unless throttling is off
                    r = c.send(signed(gateway, "/CreateChannel", body));
                }
                if (r.status != 200) {
                    throw new IOException("CreateChannel: " + r.status + " " + r.text());
                }
                Matcher arn = CHANNEL_ARN.matcher(r.text());
                Matcher key = KEY_VALUE.matcher(r.text());
                if (!arn.find() || !key.find()) {
                    throw new IOException("CreateChannel answer without arn/stream key: " + r.text());
                }
                System.out.println(arn.group() + " " + key.group(1));
            }
        }
    }

    /** Prints how many of the channels are LIVE (GetStream answers 200). */
    private void liveCount(List<String> arns) throws IOException {
        int live = 0;
        try (Conn c = new Conn(gateway)) {
            for (String arn : arns) {
                Reply r = c.send(signed(gateway, "/GetStream", "{\"channelArn\":\"" + arn + "\"}"));
                if (r.status == 200 && r.text().contains("\"LIVE\"")) {
                    live++;
                }
            }
        }
        System.out.println(live);
    }

    private void deleteChannels(List<String> arns) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < Math.min(4, Math.max(1, arns.size())); w++) {
            Thread t = new Thread(() -> {
                Conn c = null;
                for (int i = next.getAndIncrement(); i < arns.size(); i = next.getAndIncrement()) {
                    String last = "";
                    boolean done = false;
                    for (int attempt = 0; attempt < 3 && !done; attempt++) {
                        try {
                            if (c == null) {
                                c = new Conn(gateway);
                            }
                            Reply r = c.send(signed(gateway, "/DeleteChannel", "{\"arn\":\"" + arns.get(i) + "\"}"));
                            done = r.status == 204 || r.status == 404;
                            last = r.status + " " + r.text();
                            if (r.close) {
                                c.close();
                                c = null;
                            }
                        } catch (IOException e) {
                            last = e.toString();
                            close(c);
                            c = null;
                        }
                    }
                    if (!done && failed.incrementAndGet() <= 3) {
                        System.err.println("DeleteChannel " + arns.get(i) + " (3 attempts): " + last);
                    }
                }
                close(c);
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        System.err.printf(Locale.ROOT, "deleted %d channels (%d failures)%n", arns.size() - failed.get(),
                failed.get());
    }

    private void api() throws Exception {
        URI baseline = URI.create(opt("baseline", "http://127.0.0.1:8099"));
        int seconds = Integer.parseInt(opt("seconds", "15"));
        int warmup = Integer.parseInt(opt("warmup", "5"));
        int halfSeconds = Integer.parseInt(opt("half-seconds", "15"));
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> created = Collections.synchronizedList(new ArrayList<>());
        System.out.printf(Locale.ROOT, "%d cores, %d callers per closed-loop run, %d s per run (+%d s warm-up), "
                + "open loop at half peak for %d s; load average before: %s%n",
                Runtime.getRuntime().availableProcessors(), concurrency, seconds, warmup, halfSeconds, loadavg());
        List<String> getArns = new ArrayList<>();
        try (Conn c = new Conn(gateway)) {
            for (int i = 0; i < Integer.parseInt(opt("channels", "50")); i++) {
                Reply r = c.send(signed(gateway, "/CreateChannel", "{\"name\":\"" + prefix + "-get-" + i + "\"}"));
                if (r.status != 200) {
                    throw new IOException("CreateChannel for the GetChannel set: " + r.status + " " + r.text()
                            + (r.status == 429 ? " (throttled: start the suite with IVS_THROTTLING_ENABLED=false)"
                                    : ""));
                }
                Matcher m = CHANNEL_ARN.matcher(r.text());
                m.find();
                getArns.add(m.group());
            }
        }
        created.addAll(getArns);
        measureIdle();
        AtomicInteger seq = new AtomicInteger();
        IntFunction<byte[]> getBaseline = i -> signed(baseline, "/GetChannel",
                "{\"arn\":\"" + getArns.get(i % getArns.size()) + "\"}");
        IntFunction<byte[]> getSuite = i -> signed(gateway, "/GetChannel",
                "{\"arn\":\"" + getArns.get(i % getArns.size()) + "\"}");
        IntFunction<byte[]> create = i -> signed(gateway, "/CreateChannel",
                "{\"name\":\"" + prefix + "-" + seq.incrementAndGet() + "\"}");
        List<String> ops = List.of(opt("ops", "baseline,get,create").split(","));
        try {
            if (ops.contains("baseline")) {
                suite("baseline GetChannel", baseline, getBaseline, null, seconds, warmup, halfSeconds);
            }
            if (ops.contains("get")) {
                suite("GetChannel", gateway, getSuite, null, seconds, warmup, halfSeconds);
            }
            if (ops.contains("create")) {
                suite("CreateChannel", gateway, create, created, seconds, warmup, halfSeconds);
            }
            if (ops.contains("hop")) {
                // a second gateway whose channel-service is the baseline endpoint: the gateway hop on its own
                URI hop = URI.create(opt("hop", "http://127.0.0.1:8098"));
                IntFunction<byte[]> getHop = i -> signed(hop, "/GetChannel",
                        "{\"arn\":\"" + getArns.get(i % getArns.size()) + "\"}");
                suite("GetChannel, gateway to the baseline", hop, getHop, null, seconds, warmup, halfSeconds);
            }
        } finally {
            System.out.printf(Locale.ROOT, "%ncleaning up: deleting %d channels%n", created.size());
            deleteChannels(new ArrayList<>(created));
        }
        if (ops.containsAll(List.of("baseline", "get", "create"))) {
            print();
        }
    }

    private void suite(String name, URI target, IntFunction<byte[]> requests, List<String> created, int seconds,
            int warmup, int halfSeconds) throws Exception {
        if (warmup > 0) {
            closed(name + " warm-up", target, requests, created, warmup);
        }
        Result peak = closed(name, target, requests, created, seconds);
        results.put(name + " peak", peak);
        rows.add(peak.row());
        double rate = Math.max(1, peak.throughput() / 2);
        Result half = open(name, target, requests, created, rate, halfSeconds);
        results.put(name + " half", half);
        rows.add(half.row());
    }

    // ------------------------------------------------------------------------------------------------ load

    /** Closed loop: each caller sends its next request when the previous one has returned. */
    private Result closed(String name, URI target, IntFunction<byte[]> requests, List<String> created, int seconds)
            throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicInteger index = new AtomicInteger();
        Recorder rec = new Recorder(concurrency);
        Map<String, Long> cpu0 = cpu();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            Thread t = new Thread(() -> {
                Conn c = null;
                while (System.nanoTime() < end) {
                    byte[] req = requests.apply(index.getAndIncrement());
                    long t0 = System.nanoTime();
                    c = exchange(c, target, req, rec, worker, t0, created);
                }
                close(c);
            }, "closed-" + w);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double took = (System.nanoTime() - start) / 1e9;
        return rec.result(name, "closed", concurrency, 0, took, cpuPerRequest(cpu0, rec, took));
    }

    /**
     * Open loop at {@code rate} requests/s: request i is due at start + i/rate; a pool of connections sends each when
     * it is due (or as soon as a connection is free when the server falls behind) and its latency counts from when
     * it was due.
     */
    private Result open(String name, URI target, IntFunction<byte[]> requests, List<String> created, double rate,
            int seconds) throws Exception {
        int total = (int) Math.round(rate * seconds);
        int callers = Math.max(32, 2 * concurrency);
        double interval = 1e9 / rate;
        AtomicInteger next = new AtomicInteger();
        Recorder rec = new Recorder(callers);
        Map<String, Long> cpu0 = cpu();
        long start = System.nanoTime() + 50_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < callers; w++) {
            int worker = w;
            Thread t = new Thread(() -> {
                Conn c = null;
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    byte[] req = requests.apply(i);
                    long due = start + (long) (i * interval);
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    c = exchange(c, target, req, rec, worker, due, created);
                }
                close(c);
            }, "open-" + w);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double took = (System.nanoTime() - start) / 1e9;
        return rec.result(name, "open", callers, rate, took, cpuPerRequest(cpu0, rec, took));
    }

    private Conn exchange(Conn c, URI target, byte[] req, Recorder rec, int worker, long since, List<String> created) {
        try {
            if (c == null) {
                c = new Conn(target);
            }
            Reply r = c.send(req);
            long nanos = System.nanoTime() - since;
            if (r.status == 200) {
                rec.ok(worker, nanos);
                if (created != null) {
                    Matcher m = CHANNEL_ARN.matcher(r.text());
                    if (m.find()) {
                        created.add(m.group());
                    }
                }
            } else {
                rec.error(r.status + " " + r.text());
            }
            if (r.close) {
                c.close();
                c = null;
            }
        } catch (IOException e) {
            rec.error(e.toString());
            close(c);
            c = null;
        }
        return c;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void close(Conn c) {
        if (c != null) {
            c.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ report

    private void print() {
        System.out.println();
        System.out.println("| target / operation | load | callers | requests | errors | req/s | p50 ms | p99 ms "
                + "| max ms | load avg (1 min) | CPU ms per request |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        Result base = results.get("baseline GetChannel peak");
        Result get = results.get("GetChannel peak");
        Result create = results.get("CreateChannel peak");
        Result getHalf = results.get("GetChannel half");
        Result createHalf = results.get("CreateChannel half");
        Result hop = results.get("GetChannel, gateway to the baseline peak");
        if (hop != null || opts.containsKey("pgbench-create-tps")) {
            System.out.println();
            System.out.println("Ceilings measured in the same run (what the targets would need of the parts alone):");
            System.out.println();
            System.out.println("| ceiling | measured | ratio | bounds |");
            System.out.println("|---|---|---|---|");
        }
        if (hop != null) {
            System.out.printf(Locale.ROOT, "| the gateway hop alone: GetChannel through the gateway to the baseline "
                    + "endpoint | %.0f req/s | %.2f × baseline | GetChannel/baseline, before any service, database or "
                    + "tagging work |%n", hop.throughput(), hop.throughput() / base.throughput());
        }
        sqlCeiling("pgbench-create-tps", "the database work alone: pgbench running CreateChannel's SQL "
                + "(tools/bench/create-channel.sql, " + opt("pgbench-clients", "?") + " clients)",
                "CreateChannel/pgbench, before any Java, Kafka, relay or consumer work");
        sqlCeiling("pgbench-create-no-quota-tps", "the same SQL without the per-account quota (the locked count row "
                + "and its trigger)", "what the saga's three transactions and outbox rows cost the database");
        System.out.println();
        targets(get, create, getHalf, createHalf, hop);
        System.out.println();
        System.out.println("load average after: " + loadavg());
    }

    /**
     * One line per target of issue 23: {@code target <name>: <value> (goal <goal>) met|missed}. Throughputs are
     * ratios to the ceilings measured in the same run; CPU is the sum over the suite's processes (gateway, services,
     * Kafka, PostgreSQL) during the closed-loop run, divided by its requests.
     */
    private void targets(Result get, Result create, Result getHalf, Result createHalf, Result hop) {
        if (hop != null) {
            double r = get.throughput() / hop.throughput();
            target(String.format(Locale.ROOT, "GetChannel / gateway-hop ceiling (%.0f / %.0f req/s)", get.throughput(),
                    hop.throughput()), String.format(Locale.ROOT, "%.2f", r), "≥ 0.5", r >= 0.5);
        }
        if (opts.containsKey("pgbench-create-tps")) {
            double tps = Double.parseDouble(opts.get("pgbench-create-tps"));
            double r = create.throughput() / tps;
            target(String.format(Locale.ROOT, "CreateChannel / its SQL in pgbench (%.0f / %.0f TPS)",
                    create.throughput(), tps), String.format(Locale.ROOT, "%.2f", r), "≥ 0.5", r >= 0.5);
        }
        target(String.format(Locale.ROOT, "GetChannel p99 at half of peak (%.0f req/s offered)", getHalf.rate),
                String.format(Locale.ROOT, "%.1f ms", getHalf.percentile(99)), "< 25 ms", getHalf.percentile(99) < 25);
        target(String.format(Locale.ROOT, "CreateChannel p99 at half of peak (%.0f req/s offered)", createHalf.rate),
                String.format(Locale.ROOT, "%.1f ms", createHalf.percentile(99)), "< 50 ms",
                createHalf.percentile(99) < 50);
        if (!pids.isEmpty()) {
            target("CPU per GetChannel, all processes (" + get.cpu + "; " + String.format(Locale.ROOT,
                    "%.2f ms net of their CPU without load", get.cpuNet) + ")",
                    String.format(Locale.ROOT, "%.2f ms", get.cpuTotal), "≤ 0.7 ms", get.cpuTotal <= 0.7);
            target("CPU per CreateChannel, all processes (" + create.cpu + "; " + String.format(Locale.ROOT,
                    "%.2f ms net of their CPU without load", create.cpuNet) + ")",
                    String.format(Locale.ROOT, "%.2f ms", create.cpuTotal), "≤ 6 ms", create.cpuTotal <= 6);
        }
    }

    private static void target(String name, String value, String goal, boolean met) {
        System.out.println("target " + name + ": " + value + " (goal " + goal + ") " + (met ? "met" : "missed"));
    }

    /** A ceiling row from a pgbench TPS option, as a ratio of the one-row INSERT TPS (when both were given). */
    private void sqlCeiling(String option, String what, String bounds) {
        if (opts.containsKey(option) && opts.containsKey("pgbench-tps")) {
            double tps = Double.parseDouble(opts.get(option));
            System.out.printf(Locale.ROOT, "| %s | %.0f TPS | %.3f × one-row INSERT | %s |%n", what, tps,
                    tps / Double.parseDouble(opts.get("pgbench-tps")), bounds);
        }
    }

    static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private Map<String, Long> cpu() {
        Map<String, Long> m = new LinkedHashMap<>();
        pids.forEach((name, pid) -> m.put(name, cpuOf(pid)));
        return m;
    }

    /**
     * CPU ms of a process; for pid 0 of the PostgreSQL backends serving the suite's database (option pg-db: the
     * server is shared, other databases' backends are not the suite's work); for pid -1 of the server's background
     * processes (postmaster, WAL writer, checkpointer...: shared by every database, so they also carry what other
     * users of the server do).
     */
    private long cpuOf(long pid) {
        if (pid > 0) {
            return cpuMillis(pid);
        }
        String db = " " + opt("pg-db", "ivs") + " ";
        long sum = 0;
        java.io.File[] procs = new java.io.File("/proc").listFiles((d, n) -> n.chars().allMatch(Character::isDigit));
        for (java.io.File f : procs == null ? new java.io.File[0] : procs) {
            try {
                String stat = Files.readString(f.toPath().resolve("stat"));
                if (!stat.contains("(postgres)")) {
                    continue;
                }
                String cmd = Files.readString(f.toPath().resolve("cmdline")).replace('\0', ' ');
                boolean backend = cmd.contains("(") || cmd.contains("[local]");
                if (pid == 0 ? backend && cmd.contains(db) : !backend) {
                    sum += cpuMillis(Long.parseLong(f.getName()));
                }
            } catch (IOException | RuntimeException e) {
                // gone
            }
        }
        return sum;
    }

    /** CPU ms per request of each process, and their sum over the suite's processes (not the baseline or hop). */
    /** {@code net}: the sum less what the processes burn without load over the same time (idle rate × seconds). */
    private record Cpu(String text, double total, double net) {
        static final Cpu NONE = new Cpu("", 0, 0);
    }

    /** Processes that are yardsticks, not part of the suite: left out of the CPU sum. */
    private static final List<String> NOT_SUITE = List.of("baseline", "hop-gateway");

    /** Samples every process's CPU over a few seconds without load (option idle-seconds, 5; 0 skips). */
    private void measureIdle() throws InterruptedException {
        int seconds = Integer.parseInt(opt("idle-seconds", "5"));
        if (pids.isEmpty() || seconds <= 0) {
            return;
        }
        Map<String, Long> before = cpu();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        StringBuilder sb = new StringBuilder();
        before.forEach((name, ms) -> {
            double rate = Math.max(0, cpuOf(pids.get(name)) - ms) / elapsed;
            idleRate.put(name, rate);
            sb.append(sb.length() == 0 ? "" : ", ").append(name).append(' ')
                    .append(String.format(Locale.ROOT, "%.0f", rate));
        });
        System.out.println("CPU without load (ms per second): " + sb);
    }

    private Cpu cpuPerRequest(Map<String, Long> before, Recorder rec, double seconds) {
        int n = rec.count();
        if (before.isEmpty() || n == 0) {
            return Cpu.NONE;
        }
        StringBuilder sb = new StringBuilder();
        double total = 0;
        double net = 0;
        for (Map.Entry<String, Long> b : before.entrySet()) {
            long used = cpuOf(pids.get(b.getKey())) - b.getValue();
            if (used > 0) {
                double per = (double) used / n;
                sb.append(sb.length() == 0 ? "" : ", ").append(b.getKey()).append(' ')
                        .append(String.format(Locale.ROOT, "%.2f", per));
                if (!NOT_SUITE.contains(b.getKey())) {
                    total += per;
                    net += Math.max(0, used - idleRate.getOrDefault(b.getKey(), 0.0) * seconds) / n;
                }
            }
        }
        return new Cpu(sb.toString(), total, net);
    }

    /** utime + stime of a process in ms, from /proc/PID/stat (USER_HZ 100). */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static final class Recorder {
        private final long[][] latencies;
        private final int[] counts;
        private final AtomicLong errors = new AtomicLong();
        private volatile String firstError;

        Recorder(int workers) {
            latencies = new long[workers][1 << 14];
            counts = new int[workers];
        }

        void ok(int worker, long nanos) {
            if (counts[worker] == latencies[worker].length) {
                latencies[worker] = Arrays.copyOf(latencies[worker], counts[worker] * 2);
            }
            latencies[worker][counts[worker]++] = nanos;
        }

        void error(String what) {
            if (errors.incrementAndGet() == 1) {
                firstError = what;
                System.out.println("  first error: " + (what.length() > 300 ? what.substring(0, 300) : what));
            }
        }

        int count() {
            return Arrays.stream(counts).sum();
        }

        Result result(String name, String mode, int callers, double rate, double seconds, Cpu cpu) {
            long[] all = new long[count()];
            int pos = 0;
            for (int w = 0; w < counts.length; w++) {
                System.arraycopy(latencies[w], 0, all, pos, counts[w]);
                pos += counts[w];
            }
            Arrays.sort(all);
            Result r = new Result(name, mode, callers, rate, all, errors.get(), seconds, loadavg().split(" ")[0], cpu.text(),
                    cpu.total(), cpu.net());
            System.out.println(r.row());
            return r;
        }
    }

    private record Result(String name, String mode, int callers, double rate, long[] sorted, long errors,
            double seconds, String load, String cpu, double cpuTotal, double cpuNet) {
        double throughput() {
            return sorted.length / seconds;
        }

        double percentile(double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
        }

        String row() {
            String how = mode.equals("closed") ? "closed loop (peak)"
                    : String.format(Locale.ROOT, "open loop, %.0f req/s offered", rate);
            return String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %.0f | %.2f | %.2f | %.2f | %s | %s |", name,
                    how, callers, sorted.length, errors, throughput(), percentile(50), percentile(99), percentile(100),
                    load, cpu);
        }
    }

    // ------------------------------------------------------------------------------------------------ HTTP + SigV4

    private byte[] signed(URI target, String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String host = target.getHost() + (target.getPort() > 0 ? ":" + target.getPort() : "");
        String[] sig = signer.sign(host, path, bytes);
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\nX-Amz-Date: " + sig[0] + "\r\nAuthorization: " + sig[1]
                + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(h, h.length + bytes.length);
        System.arraycopy(bytes, 0, out, h.length, bytes.length);
        return out;
    }

    /** SigV4 (header form) for service ivs, signed headers content-type;host;x-amz-date. */
    static final class SigV4 {
        private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
        private final String accessKey;
        private final String secret;
        private final String region;
        private volatile String keyDay = "";
        private volatile byte[] signingKey;
        private volatile long cachedSecond = -1;
        private volatile String cachedAmzDate;

        SigV4(String accessKey, String secret, String region) {
            this.accessKey = accessKey;
            this.secret = secret;
            this.region = region;
        }

        /** {x-amz-date, Authorization}. */
        String[] sign(String host, String path, byte[] body) {
            long second = System.currentTimeMillis() / 1000;
            String amzDate = cachedAmzDate;
            if (second != cachedSecond || amzDate == null) {
                amzDate = ZonedDateTime.now(ZoneOffset.UTC).format(AMZ_DATE);
                cachedAmzDate = amzDate;
                cachedSecond = second;
            }
            String day = amzDate.substring(0, 8);
            byte[] key = signingKey;
            if (!day.equals(keyDay) || key == null) {
                key = hmac(hmac(hmac(hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), day), region), "ivs"),
                        "aws4_request");
                signingKey = key;
                keyDay = day;
            }
            String scope = day + "/" + region + "/ivs/aws4_request";
            String canonical = "POST\n" + path + "\n\ncontent-type:application/json\nhost:" + host + "\nx-amz-date:"
                    + amzDate + "\n\ncontent-type;host;x-amz-date\n" + hex(sha256(body));
            String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                    + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
            String signature = hex(hmac(key, toSign));
            return new String[] {amzDate, "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope
                    + ", SignedHeaders=content-type;host;x-amz-date, Signature=" + signature};
        }

        private static byte[] hmac(byte[] key, String data) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private static byte[] sha256(byte[] data) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(data);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String hex(byte[] bytes) {
            char[] digits = "0123456789abcdef".toCharArray();
            char[] out = new char[bytes.length * 2];
            for (int i = 0; i < bytes.length; i++) {
                out[2 * i] = digits[(bytes[i] >> 4) & 0xF];
                out[2 * i + 1] = digits[bytes[i] & 0xF];
            }
            return new String(out);
        }
    }

    private record Reply(int status, byte[] body, boolean close) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** One HTTP/1.1 keep-alive connection; a request is sent whole, the response read by Content-Length or chunks. */
    private static final class Conn implements Closeable {
        private final Socket socket;
        private final BufferedOutputStream out;
        private final BufferedInputStream in;

        Conn(URI target) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(target.getHost(), target.getPort()), 5000);
            socket.setSoTimeout(30_000);
            out = new BufferedOutputStream(socket.getOutputStream(), 4096);
            in = new BufferedInputStream(socket.getInputStream(), 16384);
        }

        Reply send(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String status = line(in);
            if (status.length() < 12 || !status.startsWith("HTTP/1.")) {
                throw new IOException("bad status line: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            int length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Integer.parseInt(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> { }
                }
            }
            byte[] body;
            if (code == 204 || code == 304 || code < 200) {
                body = new byte[0];
            } else if (chunked) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                        size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                    buf.write(in.readNBytes(size));
                    line(in);
                }
                while (!line(in).isEmpty()) {
                    // trailers
                }
                body = buf.toByteArray();
            } else if (length >= 0) {
                body = in.readNBytes(length);
                if (body.length < length) {
                    throw new EOFException("body cut short");
                }
            } else {
                body = in.readAllBytes();
                close = true;
            }
            return new Reply(code, body, close);
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder(64);
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new EOFException("connection closed");
                }
                if (b != '\r') {
                    sb.append((char) b);
                }
            }
            return sb.toString();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
