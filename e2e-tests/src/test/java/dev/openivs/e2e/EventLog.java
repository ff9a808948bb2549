package dev.openivs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what the suite really published to a Kafka topic from a point in time on, and validates events against the
 * schemas of docs/asyncapi.yaml.
 */
public final class EventLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode asyncApi;

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

    private EventLog(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Suite.kafka());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(20)).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position);
    }

    /** Starts reading the topic from its current end: only what is published from now on is seen. */
    public static EventLog from(String topic) {
        return new EventLog(topic);
    }

    /** Polls until {@code done} holds for the events seen so far, or the timeout passes; returns them all. */
    public List<JsonNode> await(Predicate<List<JsonNode>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> events = parsed();
        while (!done.test(events) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            events = parsed();
        }
        return events;
    }

    public List<ConsumerRecord<String, String>> records() {
        return records;
    }

    private List<JsonNode> parsed() {
        List<JsonNode> out = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> r : records) {
            try {
                out.add(JSON.readTree(r.value()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        consumer.close();
    }

    /** Problems of {@code event} against the AsyncAPI schema named {@code schema}; empty when valid. */
    public static Set<ValidationMessage> validate(String schema, JsonNode event) {
        return schemaFor(schema).validate(event);
    }

    /** The schema name of docs/asyncapi.yaml for an event of the public topic. */
    public static String schemaOfDetailType(String detailType) {
        return switch (detailType) {
            case "IVS Stream State Change" -> "StreamStateChange";
            case "IVS Stream Health Change" -> "StreamHealthChange";
            case "IVS Limit Breach" -> "LimitBreach";
            case "IVS Recording State Change" -> "RecordingStateChange";
            case "AWS API Call via CloudTrail" -> "ApiCallViaCloudTrail";
            default -> throw new AssertionError("detail-type not documented in asyncapi.yaml: " + detailType);
        };
    }

    private static final Map<String, JsonSchema> SCHEMAS = new HashMap<>();

    private static synchronized JsonSchema schemaFor(String name) {
        return SCHEMAS.computeIfAbsent(name, n -> {
            ObjectNode root = JSON.createObjectNode();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.put("$ref", "#/components/schemas/" + n);
            root.set("components", asyncApi().get("components"));
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
        });
    }

    private static synchronized JsonNode asyncApi() {
        if (asyncApi == null) {
            try {
                asyncApi = new ObjectMapper(new YAMLFactory()).readTree(new File(Suite.root(), "docs/asyncapi.yaml"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return asyncApi;
    }
}
