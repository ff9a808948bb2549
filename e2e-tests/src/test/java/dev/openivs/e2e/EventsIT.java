package dev.openivs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.ivs.model.CreateChannelResponse;

/** What the suite really publishes on Kafka, checked against docs/asyncapi.yaml. */
class EventsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void shouldPublishAValidCloudTrailEventForEveryMutatingCallWithSecretsHidden() {
        IvsClient ivs = Suite.clientA();
        try (EventLog bridge = EventLog.from("ivs.eventbridge")) {
            CreateChannelResponse created = ivs.createChannel(r -> r.name("events-it").tags(Map.of("team", "e2e")));
            String arn = created.channel().arn();
            ivs.updateChannel(r -> r.arn(arn).name("events-it-renamed"));
            ivs.tagResource(r -> r.resourceArn(arn).tags(Map.of("k", "v")));
            ivs.deleteChannel(r -> r.arn(arn));
            Set<String> expected = Set.of("CreateChannel", "UpdateChannel", "TagResource", "DeleteChannel");

            List<JsonNode> events = bridge.await(ev -> apiCallsAbout(ev, arn).containsAll(expected), WAIT);

            assertTrue(apiCallsAbout(events, arn).containsAll(expected), "CloudTrail events: " + apiCallsAbout(events, arn));
            for (JsonNode e : events) {
                if (e.toString().contains(arn)) {
                    String schema = EventLog.schemaOfDetailType(e.path("detail-type").asText());
                    assertEquals(Set.of(), EventLog.validate(schema, e), "schema " + schema + ": " + e);
                    assertEquals(Suite.ACCOUNT_A, e.path("account").asText());
                }
            }
            String secret = created.streamKey().value();
            String passphrase = created.channel().srt() == null ? null : created.channel().srt().passphrase();
            for (var r : bridge.records()) {
                assertFalse(r.value().contains(secret), "stream key value leaked into an event");
                if (passphrase != null && !passphrase.isEmpty()) {
                    assertFalse(r.value().contains(passphrase), "SRT passphrase leaked into an event");
                }
            }
            JsonNode create = events.stream().filter(e -> "CreateChannel".equals(e.path("detail").path("eventName").asText())
                    && e.toString().contains(arn)).findFirst().orElseThrow();
            assertEquals("HIDDEN_DUE_TO_SECURITY_REASONS",
                    create.path("detail").path("responseElements").path("streamKey").path("value").asText());
            assertEquals(Suite.KEY_A, create.path("detail").path("userIdentity").path("accessKeyId").asText());
        }
    }

    @Test
    void shouldPublishInternalStateChangesAsValidEnvelopesWithUniqueIds() {
        IvsClient ivs = Suite.clientA();
        try (EventLog channels = EventLog.from("ivs.channel")) {
            String arn = ivs.createChannel(r -> r.name("events-internal")).channel().arn();
            ivs.deleteChannel(r -> r.arn(arn));

            List<JsonNode> events = channels.await(ev -> typesAbout(ev, arn).containsAll(
                    Set.of("ChannelCreated.v1", "ChannelDeleted.v1")), WAIT);

            assertTrue(typesAbout(events, arn).containsAll(Set.of("ChannelCreated.v1", "ChannelDeleted.v1")),
                    "internal events: " + typesAbout(events, arn));
            Set<String> ids = new HashSet<>();
            for (JsonNode e : events) {
                assertEquals(Set.of(), EventLog.validate("EventEnvelope", e), "envelope: " + e);
                assertTrue(ids.add(e.path("id").asText()), "event ids are unique");
            }
            channels.records().stream().filter(r -> r.value().contains(arn))
                    .forEach(r -> assertEquals(arn, r.key(), "channel events are keyed by the channel ARN"));
        }
    }

    static Set<String> apiCallsAbout(List<JsonNode> events, String arn) {
        return events.stream()
                .filter(e -> "AWS API Call via CloudTrail".equals(e.path("detail-type").asText()))
                .filter(e -> e.toString().contains(arn))
                .map(e -> e.path("detail").path("eventName").asText())
                .collect(Collectors.toSet());
    }

    static Set<String> typesAbout(List<JsonNode> events, String arn) {
        return events.stream().filter(e -> e.toString().contains(arn)).map(e -> e.path("type").asText())
                .collect(Collectors.toSet());
    }
}
