package dev.openivs.stream.recording;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openivs.aws.support.Ids;
import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.format.ts.Scte35;
import dev.openivs.stream.ingest.IngestFixture;
import dev.openivs.stream.media.AdBreak;
import io.lindstrom.m3u8.model.DateRange;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.lindstrom.m3u8.parser.ParsingMode;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * ffmpeg publishes to a channel with a recording configuration; the recording is read back from the real
 * S3-compatible store (the local stack's S3Proxy, {@code ./ivs infra}): layout, metadata files, playlists, frames
 * decoded by ffprobe through local HTTP, thumbnails, events in the outbox, reconnects inside the window.
 */
@QuarkusTest
class RecordingTest extends RecordingFixture {
    @Inject
    dev.openivs.stream.edge.PlaybackServer playback;

    @Test
    void shouldRecordFragmentedMp4ChannelsAsCmaf() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.containerFormat(ch[0], "FRAGMENTED_MP4");
        fixture.recordWith(ch[0], configuration(BUCKET, 0));
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPattern(rtmp(ch[1]), 6)) {
            assertEquals(0, ffmpeg.waitFor(60), ffmpeg.log());
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> !endedPrefixes(ch[0]).isEmpty());
        String prefix = endedPrefixes(ch[0]).iterator().next();
        String base = "ivs/v1/" + IngestFixture.ACCOUNT + "/" + channelId(ch[0]) + "/";
        String rel = prefix.substring(base.length()) + "/";
        Set<String> media = new TreeSet<>();
        for (String k : keys(ch[0])) {
            if (k.startsWith(rel + "media/hls/360p30/")) {
                media.add(k.substring((rel + "media/hls/360p30/").length()));
            }
        }
        // 6 s with a 2 s GOP: three CMAF segments beside their init segment
        assertEquals(new TreeSet<>(List.of("init.mp4", "0.m4s", "1.m4s", "2.m4s", "playlist.m3u8",
                "byte-range-variant.m3u8")), media);
        byte[] init = get(prefix + "/media/hls/360p30/init.mp4");
        assertEquals("ftyp", new String(init, 4, 4, StandardCharsets.US_ASCII));
        String playlist = new String(get(prefix + "/media/hls/360p30/playlist.m3u8"), StandardCharsets.UTF_8);
        assertTrue(playlist.contains("#EXT-X-VERSION:7\n") && playlist.contains("#EXT-X-MAP:URI=\"init.mp4\"\n")
                && playlist.contains("\n0.m4s\n"), playlist);
        int frames = framesThroughHttp(prefix + "/media/hls/master.m3u8");
        assertEquals(180, frames, 3, "every frame of 6 s at 30 fps decodes");
        assertTrue(keys(ch[0]).contains(rel + "media/thumbnails/thumb0.jpg"), "a thumbnail of the fMP4 segment");
        System.out.printf("fMP4 recording: %d frames decoded, %s%n", frames, media);
    }

    @Test
    void shouldRecordTheStreamLaidOutAsIvsDoes() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        String rc = configuration(BUCKET, 0);
        fixture.recordWith(ch[0], rc);
        recorder.stats().reset();
        Instant before = Instant.now();
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPattern(rtmp(ch[1]), 12)) {
            assertEquals(0, ffmpeg.waitFor(60), ffmpeg.log());
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> !endedPrefixes(ch[0]).isEmpty());
        Set<String> prefixes = endedPrefixes(ch[0]);
        assertEquals(1, prefixes.size(), prefixes.toString());
        String prefix = prefixes.iterator().next();

        // ivs/v1/{account}/{channel_id}/{year}/{month}/{day}/{hours}/{minutes}/{recording_id}, UTC, no zero padding
        Matcher p = Pattern.compile("ivs/v1/" + IngestFixture.ACCOUNT + "/" + channelId(ch[0])
                + "/(\\d+)/(\\d+)/(\\d+)/(\\d+)/(\\d+)/([A-Za-z0-9]{12})").matcher(prefix);
        assertTrue(p.matches(), prefix);
        JsonNode started = json(prefix + "/events/recording-started.json");
        ZonedDateTime at = Instant.parse(started.path("recording_started_at").asText()).atZone(ZoneOffset.UTC);
        assertEquals(List.of(String.valueOf(at.getYear()), String.valueOf(at.getMonthValue()),
                String.valueOf(at.getDayOfMonth()), String.valueOf(at.getHour()), String.valueOf(at.getMinute())),
                List.of(p.group(1), p.group(2), p.group(3), p.group(4), p.group(5)));
        assertFalse(at.toInstant().isBefore(before.minusSeconds(1)), started.toString());

        String base = "ivs/v1/" + IngestFixture.ACCOUNT + "/" + channelId(ch[0]) + "/";
        String rel = prefix.substring(base.length()) + "/";
        List<String> keys = new ArrayList<>();
        for (String k : keys(ch[0])) {
            keys.add(k.substring(rel.length()));
        }
        // 12 s with a 2 s GOP: six 2 s segments; thumbnails every 5 s of media at the segments starting 0, 6, 10 s
        assertEquals(new TreeSet<>(List.of("events/recording-started.json", "events/recording-ended.json",
                "media/hls/master.m3u8", "media/hls/byte-range-multivariant.m3u8",
                "media/hls/360p30/playlist.m3u8", "media/hls/360p30/byte-range-variant.m3u8",
                "media/hls/360p30/0.ts", "media/hls/360p30/1.ts", "media/hls/360p30/2.ts", "media/hls/360p30/3.ts",
                "media/hls/360p30/4.ts", "media/hls/360p30/5.ts",
                "media/thumbnails/thumb0.jpg", "media/thumbnails/thumb1.jpg", "media/thumbnails/thumb2.jpg",
                "media/latest_thumbnail/thumb.jpg")), new TreeSet<>(keys));

        // metadata files: the fields of REFERENCE §11
        assertEquals("v1", started.path("version").asText());
        assertEquals(ch[0], started.path("channel_arn").asText());
        assertEquals("RECORDING_STARTED", started.path("recording_status").asText());
        assertFalse(started.has("recording_ended_at"));
        assertFalse(started.path("media").path("hls").has("duration_ms"));
        JsonNode ended = json(prefix + "/events/recording-ended.json");
        assertEquals("RECORDING_ENDED", ended.path("recording_status").asText());
        assertEquals(started.path("recording_started_at"), ended.path("recording_started_at"));
        assertTrue(ended.path("recording_ended_at").asText().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"),
                ended.toString());
        for (JsonNode meta : List.of(started, ended)) {
            JsonNode hls = meta.path("media").path("hls");
            assertEquals("media/hls", hls.path("path").asText());
            assertEquals("master.m3u8", hls.path("playlist").asText());
            assertEquals("byte-range-multivariant.m3u8", hls.path("byte_range_playlist").asText());
            assertEquals(1, hls.path("renditions").size());
            JsonNode r = hls.path("renditions").get(0);
            assertEquals("360p30", r.path("path").asText());
            assertEquals("playlist.m3u8", r.path("playlist").asText());
            assertEquals("byte-range-variant.m3u8", r.path("byte_range_playlist").asText());
            assertEquals(360, r.path("resolution_height").asInt());
            assertEquals(640, r.path("resolution_width").asInt());
            assertEquals("media/thumbnails", meta.path("media").path("thumbnails").path("path").asText());
            assertEquals(160, meta.path("media").path("thumbnails").path("resolution_height").asInt());
            assertEquals(284, meta.path("media").path("thumbnails").path("resolution_width").asInt());
            assertEquals("media/latest_thumbnail/thumb.jpg",
                    meta.path("media").path("latest_thumbnail").path("path").asText());
        }
        long durationMs = ended.path("media").path("hls").path("duration_ms").asLong();
        assertEquals(12_000, durationMs, 100, ended.toString());

        // VOD playlist: ENDLIST, durations add up to duration_ms; ffprobe decodes every frame through HTTP
        String playlist = new String(get(prefix + "/media/hls/360p30/playlist.m3u8"), StandardCharsets.UTF_8);
        assertTrue(playlist.contains("#EXT-X-PLAYLIST-TYPE:VOD\n"), playlist);
        assertTrue(playlist.endsWith("#EXT-X-ENDLIST\n"), playlist);
        assertEquals(durationMs, sumExtinfMs(playlist), 6, playlist);
        String master = new String(get(prefix + "/media/hls/master.m3u8"), StandardCharsets.UTF_8);
        assertTrue(master.contains("RESOLUTION=640x360") && master.contains("\n360p30/playlist.m3u8\n"), master);
        assertEquals(360, framesThroughHttp(prefix + "/media/hls/master.m3u8"), "12 s at 30 fps");
        assertEquals(360, framesThroughHttp(prefix + "/media/hls/byte-range-multivariant.m3u8"));

        for (String thumb : List.of("media/thumbnails/thumb0.jpg", "media/latest_thumbnail/thumb.jpg")) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(get(prefix + "/" + thumb)));
            assertNotNull(img, thumb);
            assertEquals(284, img.getWidth(), thumb);
            assertEquals(160, img.getHeight(), thumb);
        }

        // events: Recording Start after Stream Start; Recording End with duration and the session's streams
        List<JsonNode> events = recordingEvents(ch[0]);
        List<String> names = names(events);
        assertEquals(List.of("Session Created", "Stream Start", "Recording Start"), names.subList(0, 3), names.toString());
        assertTrue(names.indexOf("Recording End") > names.indexOf("Stream End"), names.toString());
        JsonNode start = events.get(names.indexOf("Recording Start"));
        JsonNode end = events.get(names.indexOf("Recording End"));
        assertEquals("IVS Recording State Change", end.path("detail-type").asText());
        assertEquals(List.of(ch[0]), MAPPER.convertValue(end.path("resources"), List.class));
        String streamId = start.path("detail").path("stream_id").asText();
        assertEquals(List.of("channel_name", "stream_id", "recording_status", "recording_status_reason",
                "recording_s3_bucket_name", "recording_s3_key_prefix", "recording_duration_ms",
                "recording_session_id"), fieldNames(start.path("detail")));
        assertEquals(BUCKET, start.path("detail").path("recording_s3_bucket_name").asText());
        assertEquals(prefix, start.path("detail").path("recording_s3_key_prefix").asText());
        assertEquals(0, start.path("detail").path("recording_duration_ms").asLong());
        assertEquals(prefix, end.path("detail").path("recording_s3_key_prefix").asText());
        assertEquals(durationMs, end.path("detail").path("recording_duration_ms").asLong());
        assertEquals(start.path("detail").path("recording_session_id"), end.path("detail").path("recording_session_id"));
        assertEquals(List.of(streamId), MAPPER.convertValue(end.path("detail").path("recording_session_stream_ids"),
                List.class));

        System.out.printf("recording upload delay behind live (segment cut -> object stored): %s%n",
                recorder.stats().uploadDelay());
        System.out.printf("thumbnail decode (ffmpeg process, wall): %s%n", recorder.stats().thumbnailWall());
    }

    /**
     * InsertAdBreak (4 s) while a NORMAL channel is recorded: every rendition's recorded playlists (plain and
     * byte-range) carry the break as the live playlist does and where it does (the segment being written when the
     * call arrived, the same keyframe: START-DATE within 1 s of the live playlist's, keyframes being 2 s apart),
     * read back by io.lindstrom:m3u8-parser: DATERANGE with SCTE35-OUT and PLANNED-DURATION and CUE-OUT, then the closing
     * DATERANGE with the real DURATION (the break's whole segments) and SCTE35-IN, and CUE-IN.
     */
    @Test
    void shouldMarkAnAdBreakInEveryRecordedRendition() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], "NORMAL");
        fixture.recordWith(ch[0], configuration(BUCKET, 0));
        fixture.adConfiguration(ch[0], "arn:aws:ivs:us-west-2:" + IngestFixture.ACCOUNT + ":ad-configuration/rec1");
        String id;
        Instant live;
        String url = dev.openivs.stream.edge.PlaylistUrls.multivariantUrl(playback.port(), ch[0]);
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPattern(rtmp(ch[1]), 18)) {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> io.restassured.RestAssured.given().get(url).then().extract().statusCode() == 200);
            String mediaUrl = dev.openivs.stream.edge.PlaylistUrls.sourceMediaUrl(url,
                    io.restassured.RestAssured.given().get(url).asString());
            await().atMost(Duration.ofSeconds(20)).until(() -> io.restassured.RestAssured.given().get(mediaUrl)
                    .asString().contains("#EXTINF"));
            id = internal().body("{\"channelArn\":\"" + ch[0] + "\",\"durationSeconds\":4}").post("/InsertAdBreak")
                    .then().statusCode(200).extract().path("adBreakId");
            String[] text = {""};
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> (text[0] =
                    io.restassured.RestAssured.given().get(mediaUrl).asString()).contains("SCTE35-OUT"));
            live = new MediaPlaylistParser(ParsingMode.LENIENT).readPlaylist(text[0]).mediaSegments().stream()
                    .filter(m -> m.dateRange().isPresent()).findFirst().orElseThrow().dateRange().orElseThrow()
                    .startDate().toInstant();
            assertEquals(0, ffmpeg.waitFor(60), ffmpeg.log());
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> !endedPrefixes(ch[0]).isEmpty());
        String prefix = endedPrefixes(ch[0]).iterator().next();
        String base = "ivs/v1/" + IngestFixture.ACCOUNT + "/" + channelId(ch[0]) + "/";
        List<String> playlists = keys(ch[0]).stream().map(k -> base + k)
                .filter(k -> k.startsWith(prefix + "/media/hls/") && k.endsWith(".m3u8")
                        && k.substring((prefix + "/media/hls/").length()).contains("/"))
                .toList();
        assertTrue(playlists.size() >= 2, "each rendition's playlist.m3u8 and byte-range-variant.m3u8: " + playlists);
        long eventId = AdBreak.of(id, 4, live).eventId();
        for (String key : playlists) {
            String text = new String(get(key), StandardCharsets.UTF_8);
            MediaPlaylist p = new MediaPlaylistParser(ParsingMode.LENIENT).readPlaylist(text);
            List<MediaSegment> segments = p.mediaSegments();
            int[] bounds = dev.openivs.stream.edge.PlaylistUrls.adBreakBounds(segments);
            int out = bounds[0];
            int in = bounds[1];
            assertTrue(out > 0 && in > out, key + "\n" + text);
            assertEquals(4.0, segments.get(out).cueOut().orElseThrow(), 1e-9);
            DateRange outRange = segments.get(out).dateRange().orElseThrow();
            assertEquals(id, outRange.id());
            assertEquals(4.0, outRange.plannedDuration().orElseThrow(), 1e-9);
            assertEquals(Scte35.hex(Scte35.spliceOut(eventId, 4)), outRange.scte35Out().orElseThrow());
            assertEquals(segments.get(out).programDateTime().orElseThrow(), outRange.startDate());
            // where the live playlist has it: the same keyframe (keyframes 2 s apart; the two START-DATEs differ
            // by the outputs' clock anchors only, each set when its first frame arrived)
            Instant start = outRange.startDate().toInstant();
            assertTrue(Math.abs(Duration.between(live, start).toMillis()) < 1000, "recorded " + start + ", live " + live);
            DateRange inRange = segments.get(in).dateRange().orElseThrow();
            assertEquals(id, inRange.id());
            assertEquals(outRange.startDate(), inRange.startDate());
            assertEquals(Scte35.hex(Scte35.spliceIn(eventId)), inRange.scte35In().orElseThrow());
            double breakSeconds = segments.subList(out, in).stream().mapToDouble(MediaSegment::duration).sum();
            assertEquals(breakSeconds, inRange.duration().orElseThrow(), 0.05, text);
            assertTrue(breakSeconds >= 4 - 0.05 && breakSeconds < 4 + 2.1, "whole segments: " + breakSeconds);
            System.out.printf("recorded %s: ad break %s at segment %d (%s, live %s) for %.3f s%n",
                    key.substring(prefix.length()), id, out, start, live, breakSeconds);
        }
    }

    private static io.restassured.specification.RequestSpecification internal() {
        return io.restassured.RestAssured.given().header("x-ivs-internal-token", "local-internal-token")
                .header("x-ivs-account-id", IngestFixture.ACCOUNT).contentType("application/json");
    }

    @Test
    void shouldContinueTheRecordingWhenTheEncoderReconnectsInsideTheWindow() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.recordWith(ch[0], configuration(BUCKET, 6));
        publishSixSeconds(ch[1]);
        await().atMost(Duration.ofSeconds(20)).until(() -> names(recordingEvents(ch[0])).contains("Session Ended"));
        publishSixSeconds(ch[1]);
        assertOneMergedRecording(ch[0]);
    }

    /**
     * A reconnect that lands on another replica continues the recording: the first stream's recorder is detached
     * (as if it ran in another replica's process: it keeps timing its window, knows nothing of the second stream),
     * so the second stream can only continue it through the handover offer in the database, and the first one must
     * hand over, not finish, when its window elapses (while the second stream is still publishing).
     */
    @Test
    void shouldContinueTheRecordingOfAnotherReplicaThroughTheHandover() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.recordWith(ch[0], configuration(BUCKET, 6));
        publishSixSeconds(ch[1]);
        await().atMost(Duration.ofSeconds(20)).until(() -> "WAITING".equals(handoverState(ch[0])));
        recorder.detach(ch[0]);
        assertFalse(recorder.recording(ch[0]));
        publishSixSeconds(ch[1]);
        assertOneMergedRecording(ch[0]);
        await().atMost(Duration.ofSeconds(10)).until(() -> handoverState(ch[0]) == null);
    }

    /** ffmpeg publishes the 6 s test pattern to the stream key and disconnects. */
    private void publishSixSeconds(String streamKey) throws Exception {
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPattern(rtmp(streamKey), 6)) {
            assertEquals(0, ffmpeg.waitFor(60), ffmpeg.log());
        }
    }

    private String handoverState(String channelArn) {
        for (Row r : pool.preparedQuery("SELECT state FROM stream.stream_recording_handover WHERE channel_arn = $1")
                .execute(Tuple.of(channelArn)).await().atMost(Duration.ofSeconds(10))) {
            return r.getString("state");
        }
        return null;
    }

    /** Two 6 s streams merged into one recording: one prefix, 12 s, one discontinuity, one Start/End pair. */
    private void assertOneMergedRecording(String channelArn) throws Exception {
        String[] ch = {channelArn};
        long secondEnded = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> !endedPrefixes(ch[0]).isEmpty());
        long waited = (System.nanoTime() - secondEnded) / 1_000_000;
        assertTrue(waited >= 5_000, "Recording End waits for the reconnect window: " + waited + " ms");
        Set<String> prefixes = endedPrefixes(ch[0]);
        assertEquals(1, prefixes.size(), "one recording: " + keys(ch[0]));
        String prefix = prefixes.iterator().next();
        long prefixesStarted = keys(ch[0]).stream().filter(k -> k.endsWith("recording-started.json")).count();
        assertEquals(1, prefixesStarted, keys(ch[0]).toString());

        String playlist = new String(get(prefix + "/media/hls/360p30/playlist.m3u8"), StandardCharsets.UTF_8);
        assertEquals(6, playlist.split("#EXTINF:", -1).length - 1, playlist);
        assertEquals(1, playlist.split("#EXT-X-DISCONTINUITY\n", -1).length - 1, playlist);
        JsonNode ended = json(prefix + "/events/recording-ended.json");
        assertEquals(12_000, ended.path("media").path("hls").path("duration_ms").asLong(), 200, ended.toString());
        assertEquals(360, framesThroughHttp(prefix + "/media/hls/master.m3u8"), "2 x 6 s at 30 fps");

        List<JsonNode> events = recordingEvents(ch[0]);
        List<String> names = names(events);
        assertEquals(1, names.stream().filter("Recording Start"::equals).count(), names.toString());
        assertEquals(1, names.stream().filter("Recording End"::equals).count(), names.toString());
        assertEquals(2, names.stream().filter("Stream Start"::equals).count(), names.toString());
        assertEquals("Recording End", names.get(names.size() - 1), names.toString());
        JsonNode end = events.get(names.size() - 1).path("detail");
        List<String> streamIds = new ArrayList<>();
        for (JsonNode e : events) {
            if ("Session Created".equals(e.path("detail").path("event_name").asText())) {
                streamIds.add(e.path("detail").path("stream_id").asText());
            }
        }
        assertEquals(streamIds, MAPPER.convertValue(end.path("recording_session_stream_ids"), List.class));
        assertEquals(streamIds.get(1), end.path("stream_id").asText());
        assertEquals(prefix, end.path("recording_s3_key_prefix").asText());
    }

    @Test
    void shouldReportRecordingStartFailureForAMissingBucket() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.recordWith(ch[0], configuration("no-such-bucket-" + Ids.alnum(8).toLowerCase(), 0));
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPattern(rtmp(ch[1]), 4)) {
            assertEquals(0, ffmpeg.waitFor(60), ffmpeg.log());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> names(recordingEvents(ch[0])).contains(
                "Recording Start Failure"));
        JsonNode failure = recordingEvents(ch[0]).stream()
                .filter(e -> "Recording Start Failure".equals(e.path("detail").path("recording_status").asText()))
                .findFirst().orElseThrow().path("detail");
        assertEquals("ValidationException", failure.path("recording_status_reason").asText());
        assertEquals("", failure.path("recording_s3_key_prefix").asText());
        assertEquals(0, failure.path("recording_duration_ms").asLong());
        assertEquals(List.of(), keys(ch[0]));
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
