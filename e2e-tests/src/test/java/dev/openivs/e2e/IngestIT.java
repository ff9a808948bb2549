package dev.openivs.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.ivs.model.ChannelNotBroadcastingException;
import software.amazon.awssdk.services.ivs.model.CreateChannelResponse;
import software.amazon.awssdk.services.ivs.model.GetStreamResponse;
import software.amazon.awssdk.services.ivs.model.StreamSession;

/**
 * Live ingest end to end: a channel made with the AWS SDK, ffmpeg publishing to its stream key over RTMP and
 * RTMPS, the stream seen through GetStream/GetStreamSession, StopStream cutting the encoder off, and the
 * "IVS Stream State Change" events on Kafka.
 */
class IngestIT {
    private final IvsClient ivs = Suite.clientA();

    @BeforeAll
    static void needsFfmpeg() {
        Encoder.assumeInstalled(false);
    }

    private static Process ffmpeg(String url, int seconds) throws Exception {
        return Encoder.publish(url, seconds, "ingest-it-");
    }

    private GetStreamResponse awaitLive(String channelArn) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> ivs.getStream(r -> r.channelArn(channelArn)).stream() != null);
        return ivs.getStream(r -> r.channelArn(channelArn));
    }

    /** The stream's "IVS Stream State Change" event names, in Kafka order, each valid against asyncapi.yaml. */
    private static List<String> stateChanges(EventLog log, String streamId, int expected) {
        List<String> names = new ArrayList<>();
        for (JsonNode e : log.await(events -> forStream(events, streamId).size() >= expected, Duration.ofSeconds(30))) {
            if (!streamId.equals(e.path("detail").path("stream_id").asText())) {
                continue;
            }
            String type = e.path("detail-type").asText();
            assertEquals(Set.of(), EventLog.validate(EventLog.schemaOfDetailType(type), e), e.toString());
            if ("IVS Stream State Change".equals(type)) {
                names.add(e.path("detail").path("event_name").asText());
            }
        }
        return names;
    }

    private static List<JsonNode> forStream(List<JsonNode> events, String streamId) {
        return events.stream().filter(e -> "IVS Stream State Change".equals(e.path("detail-type").asText())
                && streamId.equals(e.path("detail").path("stream_id").asText())).toList();
    }

    @Test
    void shouldStreamOverRtmpAndStopWithStopStream() throws Exception {
        CreateChannelResponse created = ivs.createChannel(r -> r.name("ingest-it").insecureIngest(true));
        String arn = created.channel().arn();
        try (EventLog events = EventLog.from("ivs.eventbridge")) {
            Process encoder = ffmpeg(Encoder.rtmpUrl(created.streamKey().value()), 120);
            try {
                GetStreamResponse stream = awaitLive(arn);
                assertEquals("LIVE", stream.stream().stateAsString());
                String streamId = stream.stream().streamId();
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        "HEALTHY".equals(ivs.getStream(r -> r.channelArn(arn)).stream().healthAsString()));
                await().atMost(Duration.ofSeconds(10)).until(() -> ivs.getStreamSession(r -> r.channelArn(arn))
                        .streamSession().truncatedEvents().stream().anyMatch(e -> "Stream Start".equals(e.name())));
                StreamSession session = ivs.getStreamSession(r -> r.channelArn(arn)).streamSession();
                assertEquals(640, session.ingestConfiguration().video().videoWidth());
                assertEquals("mp4a.40.2", session.ingestConfiguration().audio().codec());
                assertEquals(arn, session.channel().arn());
                assertTrue(ivs.listStreams(r -> { }).streams().stream().anyMatch(s -> s.channelArn().equals(arn)));

                ivs.stopStream(r -> r.channelArn(arn));
                assertTrue(encoder.waitFor(15, TimeUnit.SECONDS), "ffmpeg exits after StopStream");
                assertNotEquals(0, encoder.exitValue());
                assertThrows(ChannelNotBroadcastingException.class, () -> ivs.getStream(r -> r.channelArn(arn)));
                assertEquals(List.of("Session Created", "Stream Start", "Stream End", "Session Ended"),
                        stateChanges(events, streamId, 4));
                assertTrue(ivs.listStreamSessions(r -> r.channelArn(arn)).streamSessions().stream()
                        .anyMatch(s -> s.streamId().equals(streamId) && s.endTime() != null));
            } finally {
                encoder.destroyForcibly();
                ivs.deleteChannel(r -> r.arn(arn));
            }
        }
    }

    @Test
    void shouldRequireRtmpsWhenInsecureIngestIsOff() throws Exception {
        CreateChannelResponse created = ivs.createChannel(r -> r.name("ingest-it-tls"));
        String arn = created.channel().arn();
        String key = created.streamKey().value();
        try {
            Process plain = ffmpeg(Encoder.rtmpUrl(key), 30);
            assertTrue(plain.waitFor(20, TimeUnit.SECONDS));
            assertEquals(1, plain.exitValue(), "plain RTMP is refused");
            Process tls = ffmpeg(Encoder.rtmpsUrl(key), 120);
            try {
                awaitLive(arn);
                ivs.stopStream(r -> r.channelArn(arn));
                assertTrue(tls.waitFor(15, TimeUnit.SECONDS));
            } finally {
                tls.destroyForcibly();
            }
        } finally {
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                ivs.deleteChannel(r -> r.arn(arn));
                return true;
            });
        }
    }

    @Test
    void shouldRefuseADeletedStreamKey() throws Exception {
        CreateChannelResponse created = ivs.createChannel(r -> r.name("ingest-it-key").insecureIngest(true));
        String arn = created.channel().arn();
        try {
            ivs.deleteStreamKey(r -> r.arn(created.streamKey().arn()));
            Process p = ffmpeg(Encoder.rtmpUrl(created.streamKey().value()), 30);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(1, p.exitValue());
            assertThrows(ChannelNotBroadcastingException.class, () -> ivs.getStream(r -> r.channelArn(arn)));
        } finally {
            ivs.deleteChannel(r -> r.arn(arn));
        }
    }
    /**
     * IVS does not accept audio-only input: the publish is refused with an error status ffmpeg prints, the session
     * ends with a "Stream Failure" event that says why, and its ingestConfiguration keeps the audio it saw.
     */
    @Test
    void shouldRefuseAudioOnlyInputWithAStreamFailure() throws Exception {
        CreateChannelResponse created = ivs.createChannel(r -> r.name("ingest-it-audio").insecureIngest(true));
        String arn = created.channel().arn();
        try (EventLog events = EventLog.from("ivs.eventbridge")) {
            java.nio.file.Path log = java.nio.file.Files.createTempFile("ingest-it-audio-", ".log");
            Process audioOnly = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-re", "-f", "lavfi",
                    "-i", "sine", "-t", "30", "-c:a", "aac", "-f", "flv", Encoder.rtmpUrl(created.streamKey().value()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                assertTrue(audioOnly.waitFor(20, TimeUnit.SECONDS), "the audio-only publish is ended");
                assertNotEquals(0, audioOnly.exitValue());
                assertTrue(java.nio.file.Files.readString(log).contains("Audio-only input is not supported"),
                        "ffmpeg shows the reason");
            } finally {
                audioOnly.destroyForcibly();
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThrows(
                    ChannelNotBroadcastingException.class, () -> ivs.getStream(r -> r.channelArn(arn))));
            String streamId = ivs.listStreamSessions(r -> r.channelArn(arn)).streamSessions().get(0).streamId();
            StreamSession session = ivs.getStreamSession(r -> r.channelArn(arn).streamId(streamId)).streamSession();
            assertTrue(session.endTime() != null);
            assertTrue(session.truncatedEvents().stream().anyMatch(e -> "Stream Failure".equals(e.name())));
            assertEquals("mp4a.40.2", session.ingestConfiguration().audio().codec());
            JsonNode failure = events.await(all -> all.stream().anyMatch(e -> streamId.equals(
                    e.path("detail").path("stream_id").asText())
                    && "Stream Failure".equals(e.path("detail").path("event_name").asText())),
                    Duration.ofSeconds(30)).stream().filter(e -> "Stream Failure".equals(
                            e.path("detail").path("event_name").asText())).findFirst().orElseThrow();
            assertEquals(Set.of(), EventLog.validate(EventLog.schemaOfDetailType("IVS Stream State Change"),
                    failure), failure.toString());
            assertTrue(failure.path("detail").path("reason").asText().startsWith("Audio-only input"));
        } finally {
            ivs.deleteChannel(r -> r.arn(arn));
        }
    }
}
