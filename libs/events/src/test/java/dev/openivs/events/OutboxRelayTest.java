package dev.openivs.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openivs.events.consumer.ProcessedEvents;
import dev.openivs.events.outbox.Outbox;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The outbox against a real PostgreSQL and a real Kafka broker. */
@QuarkusTest
class OutboxRelayTest {
    @Inject
    Outbox outbox;
    @Inject
    ProcessedEvents processed;
    @Inject
    ObjectMapper mapper;
    @Inject
    Pool pool;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void shouldPublishEveryCommittedEventInOrderPerKey() throws Throwable {
        String run = UUID.randomUUID().toString();
        try (KafkaConsumer<String, String> consumer = consumerAtEnd(Topics.CHANNEL)) {
            List<String> keys = List.of("arn:aws:ivs:us-west-2:123456789012:channel/a" + run.substring(0, 8),
                    "arn:aws:ivs:us-west-2:123456789012:channel/b" + run.substring(0, 8));
            for (int i = 0; i < 40; i++) {
                int n = i;
                String key = keys.get(i % 2);
                VertxContextSupport.subscribeAndAwait(() -> outbox.transactional(() -> outbox.internal(Topics.CHANNEL,
                        key, "channel", key, "TestHappened.v1", "123456789012", Map.of("run", run, "n", n))));
            }
            Map<String, List<Integer>> seen = new HashMap<>();
            long deadline = System.currentTimeMillis() + 20_000;
            int total = 0;
            while (total < 40 && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode event = mapper.readTree(r.value());
                    if (run.equals(event.path("data").path("run").asText())) {
                        seen.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(event.path("data").path("n").asInt());
                        total++;
                        assertEquals(event.path("id").asText(), new String(r.headers().lastHeader("id").value()));
                    }
                }
            }
            assertEquals(40, total, "every committed event is published");
            for (List<Integer> ns : seen.values()) {
                List<Integer> sorted = new ArrayList<>(ns);
                sorted.sort(Integer::compareTo);
                assertEquals(sorted, ns, "events of one key arrive in commit order");
            }
        }
        Long unpublished = VertxContextSupport.subscribeAndAwait(() -> pool
                .query("SELECT count(*) FROM outbox_event WHERE published_at IS NULL").execute()
                .map(rs -> rs.iterator().next().getLong(0)));
        assertEquals(0L, unpublished);
    }

    @Test
    void shouldNotPublishEventsOfARolledBackTransaction() throws Throwable {
        String run = UUID.randomUUID().toString();
        try {
            VertxContextSupport.subscribeAndAwait(() -> outbox.transactional(() -> outbox
                    .internal(Topics.CHANNEL, "k", "channel", "k", "TestHappened.v1", "123456789012", Map.of("run", run))
                    .chain(() -> Uni.createFrom().failure(new IllegalStateException("business rule failed")))));
        } catch (IllegalStateException expected) {
            // rolled back
        }
        Long rows = VertxContextSupport.subscribeAndAwait(() -> pool
                .query("SELECT count(*) FROM outbox_event WHERE payload LIKE '%" + run + "%'").execute()
                .map(rs -> rs.iterator().next().getLong(0)));
        assertEquals(0L, rows);
    }

    @Test
    void shouldApplyTheSameEventOnlyOnce() throws Throwable {
        String json = mapper.writeValueAsString(new EventEnvelope(UUID.randomUUID().toString(), "TestHappened.v1",
                "channel", "x", "123456789012", "us-west-2", java.time.Instant.now(), mapper.createObjectNode()));
        AtomicInteger applied = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            VertxContextSupport.subscribeAndAwait(() -> processed.handleOnce("test-consumer", json, e -> {
                applied.incrementAndGet();
                return Uni.createFrom().voidItem();
            }));
        }
        assertEquals(1, applied.get());
    }

    @Test
    void shouldHideSecretsInEvents() {
        JsonNode node = mapper.valueToTree(Map.of("streamKey", Map.of("arn", "a", "channelArn", "c", "value", "sk_x"),
                "srt", Map.of("endpoint", "e", "passphrase", "p")));
        Secrets.scrub(node);
        assertEquals(Secrets.HIDDEN, node.path("streamKey").path("value").asText());
        assertEquals(Secrets.HIDDEN, node.path("srt").path("passphrase").asText());
        assertTrue(node.path("srt").path("endpoint").asText().equals("e"));
    }

    private KafkaConsumer<String, String> consumerAtEnd(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, String> c = new KafkaConsumer<>(p);
        List<TopicPartition> parts = c.partitionsFor(topic).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        c.assign(parts);
        c.seekToEnd(parts);
        parts.forEach(c::position);
        return c;
    }
}
