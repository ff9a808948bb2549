package dev.openivs.streamkey.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.streamkey.StreamKeyTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Events produced (through the outbox, never with the value) and consumed (ChannelDeleted.v1 backstop). */
@QuarkusTest
class StreamKeyEventsTest extends StreamKeyTestBase {
    @Inject
    Pool pool;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void shouldWriteEventsWithoutTheKeyValue() throws Throwable {
        String channel = channel();
        String value = call("CreateStreamKey", "{\"channelArn\": \"" + channel + "\"}").statusCode(200)
                .extract().path("streamKey.value");
        String arn = call("ListStreamKeys", "{\"channelArn\": \"" + channel + "\"}").extract().path("streamKeys[0].arn");
        call("DeleteStreamKey", "{\"arn\": \"" + arn + "\"}").statusCode(204);
        List<Row> rows = outboxRows(arn);
        List<String> types = rows.stream().map(r -> r.getString("type")).toList();
        assertTrue(types.contains("StreamKeyCreated.v1"), types.toString());
        assertTrue(types.contains("StreamKeyDeleted.v1"), types.toString());
        assertEquals(2, types.stream().filter("AWS API Call via CloudTrail"::equals).count(), types.toString());
        for (Row r : rows) {
            assertFalse(r.getString("payload").contains(value), "no event carries the key value");
        }
        Row created = rows.stream().filter(r -> r.getString("type").equals("StreamKeyCreated.v1")).findFirst()
                .orElseThrow();
        assertEquals("ivs.streamkey", created.getString("topic"));
        assertEquals(channel, created.getString("msg_key"));
    }

    @Test
    void shouldRemoveTheKeysOfADeletedChannel() throws Exception {
        String channel = channel();
        String arn = createKey(channel);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        boolean removed = false;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            long deadline = System.currentTimeMillis() + 60_000;
            while (!removed && System.currentTimeMillis() < deadline) {
                // resent until seen: the consumer group of the test starts at the end of the topic
                String event = """
                        {"id":"%s","type":"ChannelDeleted.v1","aggregateType":"channel","aggregateId":"%s",
                         "account":"%s","region":"us-west-2","time":"2026-01-01T00:00:00Z","data":{}}"""
                        .formatted(UUID.randomUUID(), channel, account);
                producer.send(new ProducerRecord<>("ivs.channel", channel, event)).get();
                for (int i = 0; i < 10 && !removed; i++) {
                    Thread.sleep(300);
                    removed = api().get("/internal/resources?arn=" + arn).statusCode() == 404;
                }
            }
        }
        assertTrue(removed, "the key of the deleted channel is removed");
    }

    private List<Row> outboxRows(String aggregateId) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> pool
                .preparedQuery("SELECT type, topic, msg_key, payload FROM outbox_event WHERE aggregate_id = $1 "
                        + "OR payload LIKE $2 ORDER BY seq")
                .execute(Tuple.of(aggregateId, "%" + aggregateId + "%"))
                .map(rs -> {
                    List<Row> out = new ArrayList<>();
                    rs.forEach(out::add);
                    return out;
                }));
    }
}
