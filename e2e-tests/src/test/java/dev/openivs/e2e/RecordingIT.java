package dev.openivs.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.ivs.model.CreateChannelResponse;
import software.amazon.awssdk.services.ivs.model.RecordingConfiguration;

/**
 * Recording end to end: CreateRecordingConfiguration on the local store's bucket, a channel with it, ffmpeg
 * publishing ~12 s, StopStream; then the recording in the S3-compatible store (IVS's layout and metadata, ffprobe
 * decodes the recorded HLS) and the events in order on {@code ivs.eventbridge}, each valid against asyncapi.yaml.
 */
class RecordingIT {
    private static final String BUCKET = Store.BUCKET;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Store store;
    private final IvsClient ivs = Suite.clientA();

    @BeforeAll
    static void needsFfmpegAndStore() {
        Encoder.assumeInstalled(false);
        store = new Store();
    }

    @AfterAll
    static void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private static List<String> keys(String prefix) {
        return store.keys(prefix);
    }

    private static byte[] get(String key) {
        return store.get(key);
    }

    private RecordingConfiguration active(String arn) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                !"CREATING".equals(ivs.getRecordingConfiguration(r -> r.arn(arn)).recordingConfiguration()
                        .stateAsString()));
        return ivs.getRecordingConfiguration(r -> r.arn(arn)).recordingConfiguration();
    }

    @Test
    void shouldRecordALiveStreamToTheBucketAndAnnounceIt() throws Exception {
        RecordingConfiguration rc = ivs.createRecordingConfiguration(r -> r.name("recording-it")
                .destinationConfiguration(d -> d.s3(s -> s.bucketName(BUCKET)))
                .thumbnailConfiguration(t -> t.recordingMode("INTERVAL").targetIntervalSeconds(10L)
                        .storageWithStrings("SEQUENTIAL", "LATEST"))).recordingConfiguration();
        assertEquals("ACTIVE", active(rc.arn()).stateAsString());
        CreateChannelResponse created = ivs.createChannel(r -> r.name("recording-it").insecureIngest(true)
                .recordingConfigurationArn(rc.arn()));
        String arn = created.channel().arn();
        String channelId = arn.substring(arn.lastIndexOf('/') + 1);
        String channelFolder = "ivs/v1/" + Suite.ACCOUNT_A + "/" + channelId + "/";
        try (EventLog events = EventLog.from("ivs.eventbridge")) {
            Process encoder = Encoder.publish(Encoder.rtmpUrl(created.streamKey().value()), 60, "recording-it-");
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                        .until(() -> ivs.getStream(r -> r.channelArn(arn)).stream() != null);
                Thread.sleep(12_000);
                ivs.stopStream(r -> r.channelArn(arn));
                assertTrue(encoder.waitFor(15, TimeUnit.SECONDS), "ffmpeg exits after StopStream");
            } finally {
                encoder.destroyForcibly();
            }

            List<JsonNode> seen = events.await(all -> all.stream().anyMatch(e -> arn.equals(e.path("resources")
                    .path(0).asText()) && "Recording End".equals(e.path("detail").path("recording_status").asText())),
                    Duration.ofSeconds(60));
            List<String> names = new ArrayList<>();
            JsonNode start = null;
            JsonNode end = null;
            for (JsonNode e : seen) {
                if (!arn.equals(e.path("resources").path(0).asText())
                        || "AWS API Call via CloudTrail".equals(e.path("detail-type").asText())) {
                    continue;
                }
                String type = e.path("detail-type").asText();
                assertEquals(Set.of(), EventLog.validate(EventLog.schemaOfDetailType(type), e), e.toString());
                JsonNode d = e.path("detail");
                if ("IVS Recording State Change".equals(type)) {
                    names.add(d.path("recording_status").asText());
                    start = "Recording Start".equals(d.path("recording_status").asText()) ? e : start;
                    end = "Recording End".equals(d.path("recording_status").asText()) ? e : end;
                } else if ("IVS Stream State Change".equals(type)) {
                    names.add(d.path("event_name").asText());
                }
            }
            assertEquals(List.of("Session Created", "Stream Start", "Recording Start", "Stream End", "Session Ended",
                    "Recording End"), names);
            String prefix = end.path("detail").path("recording_s3_key_prefix").asText();
            assertEquals(prefix, start.path("detail").path("recording_s3_key_prefix").asText());
            assertTrue(Pattern.matches(Pattern.quote(channelFolder) + "\\d{4}/\\d{1,2}/\\d{1,2}/\\d{1,2}/\\d{1,2}/"
                    + "[A-Za-z0-9]{12}", prefix), prefix);
            assertEquals(BUCKET, end.path("detail").path("recording_s3_bucket_name").asText());
            long durationMs = end.path("detail").path("recording_duration_ms").asLong();
            assertTrue(durationMs >= 11_000 && durationMs <= 16_000, "about 12 s recorded: " + durationMs);
            assertEquals(List.of(start.path("detail").path("stream_id").asText()),
                    JSON.convertValue(end.path("detail").path("recording_session_stream_ids"), List.class));

            // the layout in the store
            Set<String> keys = new TreeSet<>();
            for (String k : keys(channelFolder)) {
                assertTrue(k.startsWith(prefix + "/"), "one recording under the channel: " + k);
                keys.add(k.substring(prefix.length() + 1));
            }
            for (String k : List.of("events/recording-started.json", "events/recording-ended.json",
                    "media/hls/master.m3u8", "media/hls/byte-range-multivariant.m3u8",
                    "media/hls/360p30/playlist.m3u8", "media/hls/360p30/byte-range-variant.m3u8",
                    "media/hls/360p30/0.ts", "media/thumbnails/thumb0.jpg", "media/thumbnails/thumb1.jpg",
                    "media/latest_thumbnail/thumb.jpg")) {
                assertTrue(keys.contains(k), k + " in " + keys);
            }
            JsonNode ended = JSON.readTree(get(prefix + "/events/recording-ended.json"));
            assertEquals("v1", ended.path("version").asText());
            assertEquals(arn, ended.path("channel_arn").asText());
            assertEquals("RECORDING_ENDED", ended.path("recording_status").asText());
            assertEquals(durationMs, ended.path("media").path("hls").path("duration_ms").asLong());
            assertEquals("360p30", ended.path("media").path("hls").path("renditions").path(0).path("path").asText());

            // ffprobe plays the recording (downloaded from the store as it is laid out there)
            Path dir = store.download(prefix, keys);
            String playlist = Files.readString(dir.resolve("media/hls/360p30/playlist.m3u8"));
            assertTrue(playlist.endsWith("#EXT-X-ENDLIST\n"), playlist);
            long frames = Store.framesDecoded(dir);
            assertEquals(durationMs * 30 / 1000.0, frames, 3, "frames decoded vs duration_ms at 30 fps");
        } finally {
            ivs.deleteChannel(r -> r.arn(arn));
            ivs.deleteRecordingConfiguration(r -> r.arn(rc.arn()));
        }
    }
}
