package dev.openivs.stream.ingest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openivs.stream.live.ClientConfigurations;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GetClientConfiguration over real HTTP (MEDIA-PLANE §2.3): both request schemas, the ladder it hands out from the
 * channel's multitrackInputConfiguration and the client's preferences, and the errors of bad requests.
 */
@QuarkusTest
class ClientConfigurationTest extends PublishingTest {
    static final String PATH = "/api/v3/GetClientConfiguration";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    ClientConfigurations issued;

    /** A schema 2024-06-04 request as the integration guide shows it (with capabilities, as OBS fills them). */
    static String request2024(String key, int width, int height, int fps, int maxTracks) {
        return """
                {"authentication": "%s", "service": "IVS", "schema_version": "2024-06-04",
                 "stream_attempt_start_time": "2026-12-04T03:50:00Z",
                 "client": {"name": "obs-studio", "version": "31.0.0", "supported_codecs": ["h264", "h265"]},
                 "capabilities": {"cpu": {"logical_cores": 8, "physical_cores": 4, "name": "x", "speed": 3000},
                   "gaming_features": {"game_dvr_enabled": false, "hags_enabled": false},
                   "gpu": [{"dedicated_video_memory": 8589934592, "device_id": 8704, "driver_version": "555.85",
                            "luid": 1, "model": "NVIDIA GeForce RTX 3070", "shared_system_memory": 1, "vendor_id": 4318}],
                   "memory": {"free": 1, "total": 2},
                   "system": {"arm": false, "arm_emulation": false, "bits": 64, "build": 1, "name": "Windows",
                              "release": "10", "revision": "1", "version": "10.0"}},
                 "preferences": {"canvas_width": %d, "canvas_height": %d, "width": %d, "height": %d,
                   "framerate": {"numerator": %d, "denominator": 1}, "composition_gpu_index": 0,
                   "maximum_video_tracks": %d, "vod_track_audio": false}}
                """.formatted(key, width, height, width, height, fps, maxTracks);
    }

    static ExtractableResponse<Response> gcc(String body) {
        return given().contentType("application/json").body(body).when().post(PATH).then().extract();
    }

    private static JsonNode json(ExtractableResponse<Response> r) throws Exception {
        return MAPPER.readTree(r.asString());
    }

    private String[] channel(String maximumResolution, boolean insecure) {
        String[] ch = fixture.channel("STANDARD", insecure);
        fixture.containerFormat(ch[0], "FRAGMENTED_MP4");
        fixture.multitrack(ch[0], true, "ALLOW", maximumResolution);
        return ch;
    }

    private static List<String> tracks(JsonNode answer) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : answer.path("encoder_configurations")) {
            JsonNode f = e.path("framerate");
            out.add(e.path("width").asInt() + "x" + e.path("height").asInt() + "@" + f.path("numerator").asInt() + "/"
                    + f.path("denominator").asInt() + ":" + e.path("settings").path("bitrate").asInt());
        }
        return out;
    }

    @Test
    void schema2024AnswersTheLadderEndpointsAndAudio() throws Exception {
        String[] ch = channel("FULL_HD", true);
        ExtractableResponse<Response> r = gcc(request2024(ch[1], 1920, 1080, 60, 5));
        assertEquals(200, r.statusCode(), r.asString());
        JsonNode a = json(r);
        System.out.println("GetClientConfiguration 2024-06-04 answer: " + a);
        assertEquals("IVS", a.path("meta").path("service").asText());
        assertEquals("2024-06-04", a.path("meta").path("schema_version").asText());
        String configId = a.path("meta").path("config_id").asText();
        assertFalse(configId.isEmpty());
        // top four rungs of the ladder, 60 fps above 480 lines, STANDARD's rates below
        assertEquals(List.of("1920x1080@60/1:6000", "1280x720@60/1:3400", "852x480@30/1:1400", "640x360@30/1:630"),
                tracks(a));
        JsonNode enc = a.path("encoder_configurations").get(0);
        assertEquals("jim_nvenc", enc.path("type").asText());
        assertEquals("CBR", enc.path("settings").path("rate_control").asText());
        assertEquals(2, enc.path("settings").path("keyint_sec").asInt());
        JsonNode endpoints = a.path("ingest_endpoints");
        assertEquals(2, endpoints.size(), endpoints.toString());
        assertEquals("RTMPS", endpoints.get(0).path("protocol").asText());
        assertTrue(endpoints.get(0).path("url_template").asText().matches("rtmps://127\\.0\\.0\\.1:\\d+/app/\\{stream_key}"),
                endpoints.toString());
        assertEquals(ch[1], endpoints.get(0).path("authentication").asText());
        assertEquals("RTMP", endpoints.get(1).path("protocol").asText());
        JsonNode audio = a.path("audio_configurations").path("live").get(0);
        assertEquals("aac", audio.path("codec").asText());
        assertEquals(0, audio.path("track_id").asInt());
        assertTrue(a.path("audio_configurations").path("vod").isArray());
        // remembered for the channel's ingest check
        assertEquals(configId, issued.of(ch[0]).orElseThrow().configId());
        assertEquals(4, issued.of(ch[0]).orElseThrow().videoTracks());
    }

    @Test
    void schema2025ReadsCanvasesAndCapsAtTheChannelsMaximum() throws Exception {
        String[] ch = channel("HD", false);
        String body = """
                {"authentication": "%s", "service": "IVS", "schema_version": "2025-01-25",
                 "stream_attempt_start_time": "2026-12-04T03:50:00Z",
                 "client": {"name": "obs-studio", "version": "31.0.0", "supported_codecs": ["h264"]},
                 "capabilities": {"system": {"armEmulation": false, "bits": 64}},
                 "preferences": {"canvases": [{"width": 1920, "height": 1080, "canvas_width": 1920,
                   "canvas_height": 1080, "framerate": {"numerator": 30000, "denominator": 1001}}],
                   "maximum_aggregate_bitrate": 4000, "maximum_video_tracks": 3, "audio_samples_per_sec": 48000,
                   "audio_channels": 2, "audio_max_buffering_ms": 960, "audio_fixed_buffering": false}}
                """.formatted(ch[1]);
        ExtractableResponse<Response> r = gcc(body);
        assertEquals(200, r.statusCode(), r.asString());
        JsonNode a = json(r);
        assertEquals("2025-01-25", a.path("meta").path("schema_version").asText());
        // HD caps at 720p; 2400+1400+630 > 4000 kbps, so the lowest of the three asked for is dropped
        assertEquals(List.of("1280x720@30000/1001:2400", "852x480@30000/1001:1400"), tracks(a));
        assertEquals(1, a.path("ingest_endpoints").size(), "no plain RTMP without insecureIngest");
    }

    @Test
    void badRequestsGetAClearJsonError() throws Exception {
        String[] ch = channel("FULL_HD", false);
        ExtractableResponse<Response> badKey = gcc(request2024("sk_us-west-2_notAKey", 1280, 720, 30, 3));
        assertEquals(403, badKey.statusCode(), badKey.asString());
        assertEquals("error", json(badKey).path("status").path("result").asText());
        assertTrue(json(badKey).path("status").path("html_en_us").asText().contains("Invalid stream key"));

        for (String body : List.of("{not json", "", "[]", "{\"schema_version\":\"2023-01-01\",\"service\":\"IVS\"}",
                request2024(ch[1], 1280, 720, 30, 3).replace("\"IVS\"", "\"Twitch\""),
                request2024(ch[1], 1280, 720, 30, 3).replace("\"authentication\": \"" + ch[1] + "\",", ""),
                request2024(ch[1], 1280, 720, -30, 3), request2024(ch[1], 1280, 720, 30, 3)
                        .replace("\"canvas_width\": 1280", "\"canvas_width\": \"wide\""))) {
            ExtractableResponse<Response> r = gcc(body);
            assertEquals(400, r.statusCode(), body + " -> " + r.asString());
            assertEquals("error", json(r).path("status").path("result").asText(), r.asString());
        }

        ExtractableResponse<Response> get = given().when().get(PATH).then().extract();
        assertEquals(405, get.statusCode(), get.asString());
        assertEquals("error", json(get).path("status").path("result").asText());
        ExtractableResponse<Response> big = gcc("{\"x\":\"" + "a".repeat(70_000) + "\"}");
        assertEquals(413, big.statusCode(), big.asString());
        assertEquals("error", json(big).path("status").path("result").asText());

        String[] single = fixture.channel("STANDARD", false);
        ExtractableResponse<Response> off = gcc(request2024(single[1], 1280, 720, 30, 3));
        assertEquals(409, off.statusCode(), off.asString());
        assertTrue(json(off).path("message").asText().contains("not enabled"), off.asString());
        assertTrue(issued.of(single[0]).isEmpty(), "nothing remembered for a refused request");
    }
}
