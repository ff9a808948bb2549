package dev.openivs.e2e.bench;

import dev.openivs.e2e.Suite;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.ivs.IvsClient;

/**
 * Not a test: the gateway's overhead on GetChannel, measured in one run against the running suite. The same HTTP
 * client (JDK, HTTP/1.1 keep-alive, N closed-loop workers) calls GetChannel
 * <ul>
 * <li>directly on channel-service with the internal headers (token, account), and</li>
 * <li>through the gateway, each request signed by the AWS SDK's SigV4 signer (as SDK clients do),</li>
 * </ul>
 * alternating rounds, and prints throughput and p50/p90/p99 per path. With {@code -Dbench.gatewayPid=} and
 * {@code -Dbench.servicePid=} (Linux) it also prints the CPU time each process spent per request, which holds up
 * on a busy machine where latencies do not. Run the gateway with
 * {@code IVS_THROTTLING_ENABLED=false} (GetChannel's AWS quota is 5 TPS). Run:
 * <pre>
 * ./mvnw -q -o -pl e2e-tests test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp e2e-tests/target/test-classes:$(cat e2e-tests/target/cp.txt) \
 *      -Dbench.concurrency=16 -Dbench.seconds=15 dev.openivs.e2e.bench.GatewayOverheadBenchmark
 * </pre>
 */
public final class GatewayOverheadBenchmark {
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI gateway = Suite.endpoint();
    private final URI channelService = URI.create(System.getenv().getOrDefault("IVS_CHANNEL_URL",
            "http://127.0.0.1:8081"));
    private final String internalToken = System.getenv().getOrDefault("IVS_INTERNAL_TOKEN", "local-internal-token");
    private final int concurrency = Integer.getInteger("bench.concurrency", 16);
    private final int seconds = Integer.getInteger("bench.seconds", 15);
    private final int warmupSeconds = Integer.getInteger("bench.warmup", 8);
    private final int rounds = Integer.getInteger("bench.rounds", 2);
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final long gatewayPid = Long.getLong("bench.gatewayPid", -1);
    private final long servicePid = Long.getLong("bench.servicePid", -1);
    private String body;

    public static void main(String[] args) throws Exception {
        new GatewayOverheadBenchmark().run();
    }

    private void run() throws Exception {
        String arn;
        try (IvsClient ivs = Suite.clientA()) {
            arn = ivs.createChannel(r -> r.name("gateway-benchmark")).channel().arn();
        }
        body = "{\"arn\":\"" + arn + "\"}";
        try {
            System.out.printf(Locale.ROOT, "GetChannel %s, %d workers, %d s per round, %d rounds, %d cores%n", arn,
                    concurrency, seconds, rounds, Runtime.getRuntime().availableProcessors());
            measure("warm-up direct", this::direct, warmupSeconds);
            measure("warm-up gateway", this::viaGateway, warmupSeconds);
            List<Result> direct = new ArrayList<>();
            List<Result> gatewayResults = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                direct.add(measure("direct", this::direct, seconds));
                gatewayResults.add(measure("gateway", this::viaGateway, seconds));
            }
            Result d = Result.merge("channel-service direct (all rounds)", direct);
            Result g = Result.merge("through gateway (all rounds)", gatewayResults);
            System.out.println();
            System.out.println("| path | requests | errors | req/s | p50 ms | p90 ms | p99 ms |");
            System.out.println("|---|---|---|---|---|---|---|");
            System.out.println(d.row());
            System.out.println(g.row());
            System.out.printf(Locale.ROOT, "%ngateway overhead: p50 +%.2f ms, p99 +%.2f ms, throughput %.0f%% of direct%n",
                    g.percentile(50) - d.percentile(50), g.percentile(99) - d.percentile(99),
                    100.0 * g.throughput() / d.throughput());
        } finally {
            try (IvsClient ivs = Suite.clientA()) {
                ivs.deleteChannel(r -> r.arn(arn));
            }
        }
    }

    private HttpRequest direct() {
        return HttpRequest.newBuilder(channelService.resolve("/GetChannel"))
                .header("Content-Type", "application/json")
                .header("x-ivs-internal-token", internalToken)
                .header("x-ivs-account-id", Suite.ACCOUNT_A)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest viaGateway() {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder().uri(gateway.resolve("/GetChannel"))
                .method(SdkHttpMethod.POST).putHeader("Content-Type", "application/json").build();
        SdkHttpRequest signed = signer.sign(r -> r
                .identity(AwsCredentialsIdentity.create(Suite.KEY_A, Suite.SECRET_A))
                .request(request)
                .payload(() -> new ByteArrayInputStream(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ivs")
                .putProperty(AwsV4HttpSigner.REGION_NAME, Suite.REGION.id())
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.systemUTC()))
                .request();
        HttpRequest.Builder builder = HttpRequest.newBuilder(signed.getUri())
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.forEachHeader((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        return builder.build();
    }

    private Result measure(String name, Supplier<HttpRequest> requests, int durationSeconds) throws Exception {
        long end = System.nanoTime() + durationSeconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        AtomicLong lastErrorStatus = new AtomicLong();
        long[][] latencies = new long[concurrency][];
        int[] counts = new int[concurrency];
        List<Thread> workers = new ArrayList<>();
        long gatewayCpuBefore = cpuMillis(gatewayPid);
        long serviceCpuBefore = cpuMillis(servicePid);
        long start = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            latencies[w] = new long[1 << 16];
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        status = http.send(requests.get(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    long nanos = System.nanoTime() - t0;
                    if (status != 200) {
                        errors.incrementAndGet();
                        lastErrorStatus.set(status);
                        continue;
                    }
                    if (counts[worker] == latencies[worker].length) {
                        latencies[worker] = Arrays.copyOf(latencies[worker], counts[worker] * 2);
                    }
                    latencies[worker][counts[worker]++] = nanos;
                }
            }, "bench-" + w);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int pos = 0;
        for (int w = 0; w < concurrency; w++) {
            System.arraycopy(latencies[w], 0, all, pos, counts[w]);
            pos += counts[w];
        }
        Result result = new Result(name, all, errors.get(), elapsed);
        String cpu = "";
        if (gatewayPid > 0 && servicePid > 0 && total > 0) {
            cpu = String.format(Locale.ROOT, "  cpu/request: gateway %.3f ms, channel-service %.3f ms",
                    (double) (cpuMillis(gatewayPid) - gatewayCpuBefore) / total,
                    (double) (cpuMillis(servicePid) - serviceCpuBefore) / total);
        }
        System.out.println(result.row() + cpu + (errors.get() > 0 ? "  last error status " + lastErrorStatus.get()
                + (lastErrorStatus.get() == 429 ? " (throttled: run the gateway with IVS_THROTTLING_ENABLED=false)"
                        : "") : ""));
        return result;
    }

    /** utime + stime of a process in ms from /proc (clock ticks of 10 ms), or 0. */
    private static long cpuMillis(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    private record Result(String name, long[] latencies, long errors, double seconds) {
        static Result merge(String name, List<Result> results) {
            long[] all = results.stream().flatMapToLong(r -> Arrays.stream(r.latencies)).toArray();
            return new Result(name, all, results.stream().mapToLong(Result::errors).sum(),
                    results.stream().mapToDouble(Result::seconds).sum());
        }

        double throughput() {
            return latencies.length / seconds;
        }

        double percentile(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }

        String row() {
            return String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.2f | %.2f | %.2f |", name, latencies.length,
                    errors, throughput(), percentile(50), percentile(90), percentile(99));
        }
    }
}
