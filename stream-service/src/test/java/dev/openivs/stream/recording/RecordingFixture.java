package dev.openivs.stream.recording;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openivs.aws.errors.ResourceNotFoundException;
import dev.openivs.aws.support.Ids;
import dev.openivs.internal.recording.RecordingClient;
import dev.openivs.stream.ingest.IngestFixture;
import dev.openivs.stream.ingest.PublishingTest;
import io.quarkus.test.InjectMock;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What the recording tests share: the recording configurations they serve, the store, the outbox, ffprobe. */
abstract class RecordingFixture extends PublishingTest {
    static final String BUCKET = "ivs-recordings";
    static final ObjectMapper MAPPER = new ObjectMapper();

    @InjectMock
    @RestClient
    RecordingClient recordingClient;

    @Inject
    S3Client s3;

    @Inject
    Recorder recorder;

    @Inject
    Pool pool;

    final Map<String, JsonNode> configs = new ConcurrentHashMap<>();

    @BeforeEach
    void recordingConfigurations() {
        when(recordingClient.get(anyString(), anyString())).thenAnswer(inv -> {
            JsonNode c = configs.get(inv.<String>getArgument(0));
            return c == null ? Uni.createFrom().failure(new ResourceNotFoundException())
                    : Uni.createFrom().item(c);
        });
    }

    String configuration(String bucket, int windowSeconds) {
        return configuration(bucket, windowSeconds, "LOWEST_RESOLUTION", "ALL");
    }

    /** A recording configuration with thumbnails every 5 s at {@code thumbnails}, recording the given renditions. */
    String configuration(String bucket, int windowSeconds, String thumbnails, String selection,
            String... renditions) {
        String arn = "arn:aws:ivs:us-west-2:" + IngestFixture.ACCOUNT + ":recording-configuration/" + Ids.resourceId();
        ObjectNode rc = MAPPER.createObjectNode();
        rc.put("arn", arn);
        rc.put("name", "");
        rc.put("state", "ACTIVE");
        rc.putObject("destinationConfiguration").putObject("s3").put("bucketName", bucket);
        rc.put("recordingReconnectWindowSeconds", windowSeconds);
        ObjectNode t = rc.putObject("thumbnailConfiguration");
        t.put("recordingMode", "INTERVAL");
        t.put("targetIntervalSeconds", 5);
        t.putArray("storage").add("SEQUENTIAL").add("LATEST");
        t.put("resolution", thumbnails);
        var selected = rc.putObject("renditionConfiguration").put("renditionSelection", selection)
                .putArray("renditions");
        for (String r : renditions) {
            selected.add(r);
        }
        rc.putObject("tags");
        configs.put(arn, rc);
        return arn;
    }

    static String channelId(String channelArn) {
        return channelArn.substring(channelArn.lastIndexOf('/') + 1);
    }

    /** Every key under the channel's recordings, relative to the channel's folder. */
    List<String> keys(String channelArn) {
        String base = "ivs/v1/" + IngestFixture.ACCOUNT + "/" + channelId(channelArn) + "/";
        List<String> keys = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(base)).contents()) {
            keys.add(o.key().substring(base.length()));
        }
        return keys;
    }

    byte[] get(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    }

    JsonNode json(String key) throws IOException {
        return MAPPER.readTree(get(key));
    }

    /** The recording prefixes of the channel that have an ended (or failed) metadata file. */
    Set<String> endedPrefixes(String channelArn) {
        Set<String> prefixes = new TreeSet<>();
        String base = "ivs/v1/" + IngestFixture.ACCOUNT + "/" + channelId(channelArn) + "/";
        for (String k : keys(channelArn)) {
            if (k.endsWith("/events/recording-ended.json") || k.endsWith("/events/recording-failed.json")) {
                prefixes.add(base + k.substring(0, k.indexOf("/events/")));
            }
        }
        return prefixes;
    }

    List<JsonNode> recordingEvents(String channelArn) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (Row r : pool.preparedQuery("SELECT payload FROM stream.outbox_event WHERE topic = 'ivs.eventbridge' "
                + "AND msg_key = $1 ORDER BY seq").execute(Tuple.of(channelArn)).await().atMost(Duration.ofSeconds(10))) {
            events.add(MAPPER.readTree(r.getString("payload")));
        }
        return events;
    }

    static List<String> names(List<JsonNode> events) {
        List<String> names = new ArrayList<>();
        for (JsonNode e : events) {
            JsonNode d = e.path("detail");
            names.add(d.has("recording_status") ? d.path("recording_status").asText() : d.path("event_name").asText());
        }
        return names;
    }

    static String run(int seconds, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "finished in time: " + String.join(" ", cmd));
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    int framesThroughHttp(String masterKey) throws Exception {
        try (StoreHttp http = new StoreHttp(s3, BUCKET)) {
            String out = run(120, "ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                    "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", http.url(masterKey));
            return Integer.parseInt(out.strip().split("\\s+")[0]);
        }
    }

    static long sumExtinfMs(String playlist) {
        Matcher m = Pattern.compile("#EXTINF:([0-9.]+),").matcher(playlist);
        long ms = 0;
        while (m.find()) {
            ms += Math.round(Double.parseDouble(m.group(1)) * 1000);
        }
        return ms;
    }
}
