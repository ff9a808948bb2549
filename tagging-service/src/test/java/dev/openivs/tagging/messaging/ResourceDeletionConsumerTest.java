package dev.openivs.tagging.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import dev.openivs.aws.support.Ids;
import dev.openivs.tagging.service.ResourceOwners;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The backstop: an owner's *Deleted.v1 event on its Kafka topic removes the resource's tags, once. */
@QuarkusTest
class ResourceDeletionConsumerTest {
    @InjectMock
    ResourceOwners owners;
    @Inject
    Pool pool;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void everyResourceExists() {
        when(owners.requireExists(any())).thenReturn(Uni.createFrom().voidItem());
    }

    static RequestSpecification internal() {
        return given().header("x-ivs-internal-token", "local-internal-token")
                .header("x-ivs-account-id", "123456789012").contentType("application/json");
    }

    static String envelope(String id, String type, String arn) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"aggregateType\":\"x\",\"aggregateId\":\"" + arn
                + "\",\"account\":\"123456789012\",\"region\":\"us-west-2\",\"time\":\"2026-01-01T00:00:00Z\","
                + "\"data\":{\"arn\":\"" + arn + "\"}}";
    }

    void publish(String topic, String key, String type, String json) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            ProducerRecord<String, String> r = new ProducerRecord<>(topic, key, json);
            r.headers().add("type", type.getBytes(StandardCharsets.UTF_8));
            producer.send(r).get();
        }
    }

    @Test
    void shouldRemoveTheTagsOfADeletedChannelAndRefuseNewOnes() throws Exception {
        String arn = "arn:aws:ivs:us-west-2:123456789012:channel/" + Ids.resourceId();
        internal().body(Map.of("resourceArn", arn, "tags", Map.of("k", "v"))).post("/internal/tags/set")
                .then().statusCode(200);
        String eventId = UUID.randomUUID().toString();
        String json = envelope(eventId, "ChannelDeleted.v1", arn);
        publish("ivs.channel", arn, "ChannelDeleted.v1", json);
        publish("ivs.channel", arn, "ChannelDeleted.v1", json);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                internal().body(Map.of("resourceArns", List.of(arn))).post("/internal/tags/query")
                        .then().statusCode(200).body("tags.'" + arn + "'", anEmptyMap()));
        await().atMost(Duration.ofSeconds(10)).until(() -> processedCount(eventId) == 1);
        given().urlEncodingEnabled(false).header("x-ivs-internal-token", "local-internal-token")
                .header("x-ivs-account-id", "123456789012").contentType("application/json")
                .body(Map.of("tags", Map.of("k", "v")))
                .post("/tags/" + java.net.URLEncoder.encode(arn, StandardCharsets.UTF_8))
                .then().statusCode(404).header("x-amzn-ErrorType", "ResourceNotFoundException");
    }

    @Test
    void shouldIgnoreEventsThatAreNotDeletions() throws Exception {
        String arn = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/" + Ids.resourceId();
        internal().body(Map.of("resourceArn", arn, "tags", Map.of("k", "v"))).post("/internal/tags/set")
                .then().statusCode(200);
        publish("ivs.recording", arn, "RecordingConfigurationCreated.v1",
                envelope(UUID.randomUUID().toString(), "RecordingConfigurationCreated.v1", arn));
        String marker = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/" + Ids.resourceId();
        String markerId = UUID.randomUUID().toString();
        publish("ivs.recording", arn, "RecordingConfigurationDeleted.v1",
                envelope(markerId, "RecordingConfigurationDeleted.v1", marker));
        await().atMost(Duration.ofSeconds(30)).until(() -> processedCount(markerId) == 1);
        internal().body(Map.of("resourceArns", List.of(arn))).post("/internal/tags/query")
                .then().statusCode(200).body("tags.'" + arn + "'.k", equalTo("v"));
    }

    long processedCount(String eventId) {
        return pool.preparedQuery("SELECT count(*) FROM processed_event WHERE event_id = $1")
                .execute(Tuple.of(eventId)).await().indefinitely().iterator().next().getLong(0);
    }
}
