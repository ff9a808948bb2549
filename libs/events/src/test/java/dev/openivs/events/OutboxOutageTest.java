package dev.openivs.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.openivs.events.outbox.Outbox;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The outbox relay across a broker crash: the test's own broker is killed with SIGKILL while events are committed,
 * restarted on the same data after an outage longer than the producer's request timeout, and every event id must
 * then be on the topic exactly once.
 */
@QuarkusTest
@WithTestResource(OutageBroker.class)
class OutboxOutageTest {
    private static final int DURING_OUTAGE = 20;
    private static final long OUTAGE_MS = 18_000;

    @Inject
    Outbox outbox;
    @Inject
    Pool pool;

    @Test
    void shouldPublishEveryEventExactlyOnceAcrossABrokerOutage() throws Throwable {
        KafkaBroker broker = OutageBroker.broker;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(Topics.EVENTBRIDGE, 6, (short) 1))).all().get();
        }
        String run = UUID.randomUUID().toString();
        write(run, 0);
        awaitPublished(run, 1, 30_000);

        broker.kill();
        long outageStart = System.currentTimeMillis();
        for (int i = 1; i <= DURING_OUTAGE; i++) {
            write(run, i);
            Thread.sleep((OUTAGE_MS - 2_000) / DURING_OUTAGE);
        }
        Thread.sleep(Math.max(0, outageStart + OUTAGE_MS - System.currentTimeMillis()));
        long restart = System.currentTimeMillis();
        broker.start();
        long up = System.currentTimeMillis();
        awaitPublished(run, DURING_OUTAGE + 1, 40_000);
        long marked = System.currentTimeMillis();

        Map<String, Integer> copies = published(broker.bootstrap(), run, DURING_OUTAGE + 1);
        long twice = copies.values().stream().filter(n -> n > 1).count();
        System.out.printf("outbox across a %d s broker outage: %d event ids, %d published more than once "
                + "(broker restart %d ms, all marked %d ms after it was up)%n", OUTAGE_MS / 1000, copies.size(),
                twice, up - restart, marked - up);
        assertEquals(DURING_OUTAGE + 1, copies.size(), "every committed event is published");
        assertEquals(0, twice, "no event is published twice: " + copies);
    }

    /** One EventBridge event whose detail carries the run; each on its own channel, so across partitions. */
    private void write(String run, int n) throws Throwable {
        String channel = "arn:aws:ivs:us-west-2:123456789012:channel/outage" + n;
        VertxContextSupport.subscribeAndAwait(() -> outbox.transactional(() -> outbox.eventBridge("IVS Test Event",
                "123456789012", List.of(channel), Map.of("run", run, "n", n))));
    }

    private void awaitPublished(String run, int expected, long timeoutMs) throws Throwable {
        long deadline = System.currentTimeMillis() + timeoutMs;
        long published;
        do {
            Thread.sleep(200);
            published = VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery("SELECT count(*) FROM "
                    + "outbox_event WHERE payload LIKE $1 AND published_at IS NOT NULL").execute(Tuple.of("%" + run + "%"))
                    .map(rs -> rs.iterator().next().getLong(0)));
        } while (published < expected && System.currentTimeMillis() < deadline);
        assertEquals(expected, published, "rows marked published");
    }

    /** Copies per event id of the run on the topic, read from the beginning until 3 s pass without a new record. */
    private static Map<String, Integer> published(String bootstrap, String run, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, Integer> copies = new HashMap<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = c.partitionsFor(Topics.EVENTBRIDGE).stream()
                    .map(i -> new TopicPartition(Topics.EVENTBRIDGE, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long quietUntil = System.currentTimeMillis() + 3_000;
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < Math.min(deadline, quietUntil) || copies.size() < expected
                    && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    if (r.value().contains(run)) {
                        copies.merge(new String(r.headers().lastHeader("id").value(), StandardCharsets.UTF_8), 1,
                                Integer::sum);
                        quietUntil = System.currentTimeMillis() + 3_000;
                    }
                }
            }
        }
        return copies;
    }
}
