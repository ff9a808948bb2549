package dev.openivs.e2e.bench;

import dev.openivs.e2e.Suite;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import software.amazon.awssdk.services.ivs.IvsClient;

/**
 * Not a test: CreateChannel, GetChannel and ListChannels latency through the gateway, sequential (one caller) and
 * concurrent (N callers), with the real AWS SDK (SigV4, JSON) against the running suite. Prints p50/p99/max and
 * throughput per operation. The gateway enforces the AWS quota of 5 TPS per channel operation, so point it at a
 * gateway started with {@code IVS_THROTTLING_ENABLED=false}. The channels it creates are deleted at the end. Run:
 * <pre>
 * ./mvnw -q -o -pl e2e-tests test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * IVS_ENDPOINT=http://127.0.0.1:8080 java -cp e2e-tests/target/test-classes:$(cat e2e-tests/target/cp.txt) \
 *      -Dbench.creates=60 -Dbench.gets=300 -Dbench.lists=100 -Dbench.concurrency=8 \
 *      dev.openivs.e2e.bench.ChannelBenchmark
 * </pre>
 */
public final class ChannelBenchmark {
    private final int creates = Integer.getInteger("bench.creates", 60);
    private final int gets = Integer.getInteger("bench.gets", 300);
    private final int lists = Integer.getInteger("bench.lists", 100);
    private final int concurrency = Integer.getInteger("bench.concurrency", 8);
    private final String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    private final IvsClient ivs = Suite.clientA();
    private final List<String> arns = Collections.synchronizedList(new ArrayList<>());
    private final List<String> rows = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        new ChannelBenchmark().run();
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "endpoint %s, %d cores, concurrency %d, channels named %s%n", Suite.endpoint(),
                Runtime.getRuntime().availableProcessors(), concurrency, name);
        removeLeftovers();
        try {
            measure("warm-up", 1, 20, i -> create());
            measure("warm-up", 1, 20, i -> get(i));
            rows.clear();
            measure("CreateChannel", 1, creates, i -> create());
            measure("CreateChannel", concurrency, creates, i -> create());
            measure("GetChannel", 1, gets, this::get);
            measure("GetChannel", concurrency, gets, this::get);
            int listed = ivs.listChannels(r -> r.filterByName(name)).channels().size();
            measure("ListChannels (" + listed + " channels, 1 page)", 1, lists, i -> list());
            measure("ListChannels (" + listed + " channels, 1 page)", concurrency, lists, i -> list());
            System.out.println();
            System.out.println("| operation | callers | calls | errors | calls/s | p50 ms | p99 ms | max ms |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            rows.forEach(System.out::println);
        } finally {
            List<String> all = new ArrayList<>(arns);
            all.forEach(this::delete);
            System.out.printf(Locale.ROOT, "%ndeleted %d benchmark channels%n", all.size());
        }
    }

    /** Channels of an interrupted earlier run (named bench-*). */
    private void removeLeftovers() {
        List<String> old = new ArrayList<>();
        ivs.listChannelsPaginator(r -> r.maxResults(100)).stream().flatMap(p -> p.channels().stream()).forEach(c -> {
            if (c.name().startsWith("bench-")) {
                old.add(c.arn());
            }
        });
        old.forEach(this::delete);
        if (!old.isEmpty()) {
            System.out.printf(Locale.ROOT, "removed %d channels of an earlier run%n", old.size());
        }
    }

    private void delete(String arn) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                ivs.deleteChannel(r -> r.arn(arn));
                return;
            } catch (software.amazon.awssdk.services.ivs.model.ResourceNotFoundException gone) {
                return;
            } catch (RuntimeException e) {
                System.out.println("delete " + arn + ": " + e.getMessage());
            }
        }
    }

    private void create() {
        arns.add(ivs.createChannel(r -> r.name(name)).channel().arn());
    }

    private void get(int i) {
        String arn = arns.get(i % arns.size());
        ivs.getChannel(r -> r.arn(arn));
    }

    private void list() {
        ivs.listChannels(r -> r.filterByName(name));
    }

    private void measure(String label, int callers, int calls, java.util.function.IntConsumer op) throws Exception {
        ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < callers; w++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
                    long t = System.nanoTime();
                    try {
                        op.accept(i);
                        nanos.add(System.nanoTime() - t);
                    } catch (RuntimeException e) {
                        if (errors.incrementAndGet() == 1) {
                            System.out.println(label + ": " + e);
                        }
                    }
                }
            }));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        IntFunction<Double> pct = p -> sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1,
                (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
        rows.add(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %.1f | %.1f | %.1f |", label, callers,
                sorted.size(), errors.get(), sorted.size() / seconds, pct.apply(50), pct.apply(99), pct.apply(100)));
    }
}
