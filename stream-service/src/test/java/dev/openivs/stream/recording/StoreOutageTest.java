package dev.openivs.stream.recording;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openivs.aws.support.Ids;
import dev.openivs.internal.recording.RecordingClient;
import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.ingest.IngestFixture;
import dev.openivs.stream.ingest.PublishingTest;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The store goes away for good in the middle of a recording (the recorder reaches the real S3Proxy through a
 * forwarder the test cuts): uploads are retried with backoff until {@code give-up-after}, then the recording ends
 * with "Recording End Failure" (InternalServerException, prefix set, duration 0) and the session has an error event.
 */
@QuarkusTest
@TestProfile(StoreOutageTest.Outage.class)
class StoreOutageTest extends PublishingTest {
    static final TcpForwarder FORWARDER;

    static {
        try {
            FORWARDER = new TcpForwarder("127.0.0.1", 9000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static class Outage implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ivs.s3.endpoint", "http://127.0.0.1:" + FORWARDER.port(),
                    "ivs.s3.connect-timeout", "1s",
                    "ivs.s3.api-call-timeout", "2s",
                    "ivs.stream.recording.give-up-after", "4s");
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @InjectMock
    @RestClient
    RecordingClient recordingClient;

    @Inject
    Pool pool;

    @Inject
    S3Client s3; // through the forwarder, like the recorder's

    private List<JsonNode> recordingEvents(String channelArn) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (Row r : pool.preparedQuery("SELECT payload FROM stream.outbox_event WHERE topic = 'ivs.eventbridge' "
                + "AND msg_key = $1 AND type = 'IVS Recording State Change' ORDER BY seq")
                .execute(Tuple.of(channelArn)).await().atMost(Duration.ofSeconds(10))) {
            out.add(MAPPER.readTree(r.getString("payload")).path("detail"));
        }
        return out;
    }

    private List<String> statuses(String channelArn) throws IOException {
        return recordingEvents(channelArn).stream().map(d -> d.path("recording_status").asText()).toList();
    }

    @Test
    void shouldEndWithRecordingEndFailureWhenTheStoreIsGoneForGood() throws Exception {
        String arn = "arn:aws:ivs:us-west-2:" + IngestFixture.ACCOUNT + ":recording-configuration/" + Ids.resourceId();
        ObjectNode rc = MAPPER.createObjectNode();
        rc.put("arn", arn);
        rc.put("state", "ACTIVE");
        rc.putObject("destinationConfiguration").putObject("s3").put("bucketName", "ivs-recordings");
        rc.putObject("thumbnailConfiguration").put("recordingMode", "DISABLED");
        when(recordingClient.get(anyString(), anyString())).thenReturn(Uni.createFrom().item(rc));
        String[] ch = fixture.channel("STANDARD", true);
        fixture.recordWith(ch[0], arn);
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPattern(rtmp(ch[1]), 30)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> statuses(ch[0]).contains("Recording Start"));
            String prefix = recordingEvents(ch[0]).get(0).path("recording_s3_key_prefix").asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> s3.listObjectsV2(b -> b.bucket("ivs-recordings")
                    .prefix(prefix + "/media/hls/")).keyCount() >= 3);
            long cutAt = System.nanoTime();
            FORWARDER.cut();
            await().atMost(Duration.ofSeconds(30)).until(() -> statuses(ch[0]).contains("Recording End Failure"));
            System.out.printf("store cut -> Recording End Failure: %d ms (give-up-after 4 s)%n",
                    (System.nanoTime() - cutAt) / 1_000_000);
            assertTrue(ffmpeg.isAlive(), "the live stream is not cut by a recording failure");
            JsonNode failure = recordingEvents(ch[0]).get(1);
            assertEquals("Recording End Failure", failure.path("recording_status").asText());
            assertEquals("InternalServerException", failure.path("recording_status_reason").asText());
            assertEquals(prefix, failure.path("recording_s3_key_prefix").asText());
            assertEquals(0, failure.path("recording_duration_ms").asLong());
        }
        assertEquals(List.of("Recording Start", "Recording End Failure"), statuses(ch[0]));
    }
}
