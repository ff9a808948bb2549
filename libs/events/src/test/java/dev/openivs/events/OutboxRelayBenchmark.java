package dev.openivs.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openivs.events.outbox.Outbox;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Not a test: measures commit-to-publish latency at 100 writes/s and relay throughput, and prints the numbers.
 * Run with {@code ./mvnw -pl libs/events test -Dgroups=benchmark -Dtest=OutboxRelayBenchmark}.
 */
@QuarkusTest
@Tag("benchmark")
class OutboxRelayBenchmark {
    private static final String TOPIC = Topics.STREAM;
    @Inject
    Outbox outbox;
    @Inject
    ObjectMapper mapper;
    @Inject
    Pool pool;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void commitToPublishLatencyAndRelayThroughput() throws Throwable {
        String run = UUID.randomUUID().toString();
        Map<Integer, Long> committedAt = new ConcurrentHashMap<>();
        List<Long> latencies = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumerAtEnd()) {
            Thread reader = new Thread(() -> {
                while (latencies.size() < 1000 && !Thread.currentThread().isInterrupted()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(5))) {
                        long now = System.nanoTime();
                        try {
                            JsonNode e = mapper.readTree(r.value());
                            if (run.equals(e.path("data").path("run").asText())) {
                                Long c = committedAt.get(e.path("data").path("n").asInt());
                                synchronized (latencies) {
                                    latencies.add(c == null ? 0 : now - c);
                                }
                            }
                        } catch (Exception ignored) {
                            // not ours
                        }
                    }
                }
            });
            reader.start();
            long start = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                int n = i;
                long due = start + i * 10_000_000L; // 100 writes/s
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                VertxContextSupport.subscribeAndAwait(() -> outbox.transactional(() -> outbox.internal(TOPIC,
                        "bench-" + (n % 16), "bench", "b", "BenchHappened.v1", "123456789012", Map.of("run", run, "n", n)))
                        .invoke(() -> committedAt.put(n, System.nanoTime())));
            }
            reader.join(20_000);
            reader.interrupt();
        }
        List<Long> sorted = new ArrayList<>(latencies);
        sorted.sort(Long::compareTo);
        System.out.printf("BENCHMARK outbox commit-to-publish at 100 writes/s: n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n",
                sorted.size(), pct(sorted, 50), pct(sorted, 99), sorted.get(sorted.size() - 1) / 1e6);

        // Throughput: 20,000 committed rows waiting, measure how fast the relay drains them.
        int rows = 20_000;
        VertxContextSupport.subscribeAndAwait(() -> pool.query(
                "INSERT INTO outbox_event (id, aggregate_type, aggregate_id, type, topic, msg_key, payload) "
                        + "SELECT gen_random_uuid(), 'bench', 'b', 'BenchHappened.v1', '" + TOPIC + "', 'bench-' || (g % 16), "
                        + "'{\"n\":' || g || ',\"pad\":\"" + "x".repeat(400) + "\"}' FROM generate_series(1, " + rows + ") g")
                .execute());
        long t0 = System.nanoTime();
        long left;
        do {
            Thread.sleep(50);
            left = VertxContextSupport.subscribeAndAwait(() -> pool
                    .query("SELECT count(*) FROM outbox_event WHERE published_at IS NULL").execute()
                    .map(rs -> rs.iterator().next().getLong(0)));
        } while (left > 0 && System.nanoTime() - t0 < 120_000_000_000L);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("BENCHMARK outbox relay throughput: %d rows (~500 B) in %.2f s = %.0f events/s%n", rows, secs,
                rows / secs);
    }

    private static double pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }

    private KafkaConsumer<String, String> consumerAtEnd() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        KafkaConsumer<String, String> c = new KafkaConsumer<>(p);
        List<TopicPartition> parts = c.partitionsFor(TOPIC).stream().map(i -> new TopicPartition(TOPIC, i.partition())).toList();
        c.assign(parts);
        c.seekToEnd(parts);
        parts.forEach(c::position);
        return c;
    }
}
