package dev.openivs.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ivs.IvsClient;

/**
 * The six ad operations through the gateway (SigV4-signed JSON: the SDK in the poms predates them): round trips,
 * validation, paging, tags, account isolation, channels referencing a configuration, and InsertAdBreak on a channel
 * ffmpeg publishes to, read back from its playbackUrl.
 */
class AdConfigurationsIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final SignedJson a = SignedJson.a();
    private final SignedJson b = SignedJson.b();
    private final IvsClient ivs = Suite.clientA();

    private static String mediaTailor(String account, String name) {
        return "arn:aws:mediatailor:" + Suite.REGION.id() + ":" + account + ":playbackConfiguration/" + name;
    }

    private String createAd(String name) {
        SignedJson.Answer created = a.call("CreateAdConfiguration", "{\"name\":\"" + name + "\","
                + "\"mediaTailorPlaybackConfigurations\":[{\"playbackConfigurationArn\":\""
                + mediaTailor(Suite.ACCOUNT_A, "it-" + name) + "\"}]}");
        assertEquals(200, created.status(), created.body().toString());
        return created.body().path("adConfiguration").path("arn").asText();
    }

    private static String arn(String arn) {
        return "{\"arn\":\"" + arn + "\"}";
    }

    private static void assertError(SignedJson.Answer answer, int status, String type) {
        assertEquals(status, answer.status(), answer.body().toString());
        assertEquals(type, answer.errorType(), answer.body().toString());
        assertTrue(answer.body().has("exceptionMessage"), answer.body().toString());
    }

    @Test
    void shouldCreateGetListUpdateTagAndDeleteAnAdConfiguration() {
        SignedJson.Answer created = a.call("CreateAdConfiguration", "{\"name\":\"ads-it\","
                + "\"mediaTailorPlaybackConfigurations\":[{\"playbackConfigurationArn\":\""
                + mediaTailor(Suite.ACCOUNT_A, "one") + "\"},{\"playbackConfigurationArn\":\""
                + mediaTailor(Suite.ACCOUNT_A, "two") + "\"}],\"tags\":{\"suite\":\"e2e\"}}");
        assertEquals(200, created.status(), created.body().toString());
        JsonNode ad = created.body().get("adConfiguration");
        String arn = ad.get("arn").asText();
        try {
            assertTrue(arn.matches("arn:aws:ivs:us-west-2:" + Suite.ACCOUNT_A + ":ad-configuration/[a-zA-Z0-9]{12}"),
                    arn);
            assertEquals("ads-it", ad.get("name").asText());
            assertEquals(2, ad.get("mediaTailorPlaybackConfigurations").size());
            assertFalse(ad.get("postRollConfiguration").get("enabled").asBoolean());
            assertEquals(15, ad.get("postRollConfiguration").get("durationSeconds").asInt());
            assertEquals("e2e", ad.get("tags").get("suite").asText());

            JsonNode got = a.call("GetAdConfiguration", arn(arn)).body().get("adConfiguration");
            assertEquals(ad, got);
            // tags through tagging-service, by the SDK: the ad-configuration ARN is a taggable resource
            ivs.tagResource(r -> r.resourceArn(arn).tags(Map.of("more", "yes")));
            assertEquals(Map.of("suite", "e2e", "more", "yes"),
                    ivs.listTagsForResource(r -> r.resourceArn(arn)).tags());
            ivs.untagResource(r -> r.resourceArn(arn).tagKeys("more"));

            SignedJson.Answer updated = a.call("UpdateAdConfiguration", "{\"arn\":\"" + arn + "\",\"name\":\"renamed\","
                    + "\"postRollConfiguration\":{\"enabled\":true,\"durationSeconds\":45}}");
            assertEquals(200, updated.status(), updated.body().toString());
            assertEquals("renamed", updated.body().get("adConfiguration").get("name").asText());
            assertEquals(2, updated.body().get("adConfiguration").get("mediaTailorPlaybackConfigurations").size());
            assertEquals(45, updated.body().get("adConfiguration").get("postRollConfiguration")
                    .get("durationSeconds").asInt());
            assertEquals(Map.of("suite", "e2e"), ivs.listTagsForResource(r -> r.resourceArn(arn)).tags());

            List<String> listed = new ArrayList<>();
            String token = null;
            do {
                String body = token == null ? "{\"maxResults\":1}" : "{\"maxResults\":1,\"nextToken\":\"" + token + "\"}";
                JsonNode page = a.call("ListAdConfigurations", body).body();
                page.get("adConfigurations").forEach(s -> listed.add(s.get("arn").asText()));
                token = page.path("nextToken").isTextual() ? page.get("nextToken").asText() : null;
            } while (token != null);
            assertTrue(listed.contains(arn), listed.toString());

            // another account sees nothing of it
            assertError(b.call("GetAdConfiguration", arn(arn)), 404, "ResourceNotFoundException");
            assertError(b.call("DeleteAdConfiguration", arn(arn)), 404, "ResourceNotFoundException");
            JsonNode theirs = b.call("ListAdConfigurations", "{}").body().get("adConfigurations");
            theirs.forEach(s -> assertFalse(s.get("arn").asText().equals(arn)));
        } finally {
            assertEquals(204, a.call("DeleteAdConfiguration", arn(arn)).status());
        }
        assertError(a.call("GetAdConfiguration", arn(arn)), 404, "ResourceNotFoundException");
    }

    @Test
    void shouldAnswerValidationErrorsTheAwsWay() {
        SignedJson.Answer missing = a.call("CreateAdConfiguration", "{}");
        assertError(missing, 400, "ValidationException");
        assertTrue(missing.message().contains("'mediaTailorPlaybackConfigurations'"), missing.message());
        assertError(a.call("CreateAdConfiguration", "{\"mediaTailorPlaybackConfigurations\":[]}"), 400,
                "ValidationException");
        assertError(a.call("CreateAdConfiguration", "{\"mediaTailorPlaybackConfigurations\":[{\"playbackConfiguration"
                + "Arn\":\"not-an-arn\"}]}"), 400, "ValidationException");
        assertError(a.call("CreateAdConfiguration", "{\"mediaTailorPlaybackConfigurations\":[{\"playbackConfiguration"
                + "Arn\":\"" + mediaTailor(Suite.ACCOUNT_A, "x") + "\"}],\"postRollConfiguration\":{\"enabled\":true,"
                + "\"durationSeconds\":301}}"), 400, "ValidationException");
        assertError(a.call("GetAdConfiguration", "{\"arn\":\"arn:aws:ivs:us-west-2:1:channel/x\"}"), 400,
                "ValidationException");
        assertError(a.call("ListAdConfigurations", "{\"maxResults\":101}"), 400, "ValidationException");
        assertError(a.call("InsertAdBreak", "{\"channelArn\":\"arn:aws:ivs:us-west-2:" + Suite.ACCOUNT_A
                + ":channel/abc\",\"durationSeconds\":0}"), 400, "ValidationException");
        assertError(a.call("InsertAdBreak", "{\"channelArn\":\"arn:aws:ivs:us-west-2:" + Suite.ACCOUNT_A
                + ":channel/abc\",\"durationSeconds\":301}"), 400, "ValidationException");
        assertError(a.call("InsertAdBreak", "{\"durationSeconds\":30}"), 400, "ValidationException");
    }

    @Test
    void shouldRefuseDeletingAConfigurationAChannelReferences() {
        String ad = createAd("referenced");
        SignedJson.Answer channel = a.call("CreateChannel", "{\"name\":\"ads-ref-it\",\"adConfigurationArn\":\""
                + ad + "\"}");
        assertEquals(200, channel.status(), channel.body().toString());
        String channelArn = channel.body().get("channel").get("arn").asText();
        try {
            assertEquals(ad, channel.body().get("channel").get("adConfigurationArn").asText());
            JsonNode filtered = a.call("ListChannels", "{\"filterByAdConfigurationArn\":\"" + ad + "\"}").body();
            assertEquals(1, filtered.get("channels").size());
            assertEquals(ad, filtered.get("channels").get(0).get("adConfigurationArn").asText());
            assertError(a.call("DeleteAdConfiguration", arn(ad)), 409, "ConflictException");
            // another account's channel cannot reference it
            assertError(b.call("CreateChannel", "{\"adConfigurationArn\":\"" + ad + "\"}"), 404,
                    "ResourceNotFoundException");
            SignedJson.Answer cleared = a.call("UpdateChannel", "{\"arn\":\"" + channelArn
                    + "\",\"adConfigurationArn\":\"\"}");
            assertEquals("", cleared.body().get("channel").get("adConfigurationArn").asText());
            assertEquals(204, a.call("DeleteAdConfiguration", arn(ad)).status());
            assertError(a.call("UpdateChannel", "{\"arn\":\"" + channelArn + "\",\"adConfigurationArn\":\"" + ad
                    + "\"}"), 404, "ResourceNotFoundException");
        } finally {
            ivs.deleteChannel(r -> r.arn(channelArn));
            a.call("DeleteAdConfiguration", arn(ad));
        }
    }

    /**
     * A channel with an ad configuration, live from ffmpeg: InsertAdBreak answers an adBreakId and the break shows in
     * the media playlist behind the channel's playbackUrl (EXT-X-DATERANGE with SCTE35-OUT, EXT-X-CUE-OUT with the
     * duration, then the closing DATERANGE with SCTE35-IN and EXT-X-CUE-IN).
     */
    @Test
    void shouldMarkAnAdBreakInTheLivePlaylist() throws Exception {
        Encoder.assumeInstalled(false);
        String ad = createAd("live");
        SignedJson.Answer channel = a.call("CreateChannel", "{\"name\":\"ads-live-it\",\"latencyMode\":\"NORMAL\","
                + "\"insecureIngest\":true,\"adConfigurationArn\":\"" + ad + "\"}");
        assertEquals(200, channel.status(), channel.body().toString());
        String channelArn = channel.body().get("channel").get("arn").asText();
        String playbackUrl = channel.body().get("channel").get("playbackUrl").asText();
        String body = "{\"channelArn\":\"" + channelArn + "\",\"durationSeconds\":4}";
        try {
            assertError(a.call("InsertAdBreak", body), 404, "ChannelNotBroadcasting");
            assertError(b.call("InsertAdBreak", body), 404, "ResourceNotFoundException");
            Process encoder = Encoder.publish(Encoder.rtmpUrl(channel.body().get("streamKey").get("value").asText()),
                    45, "ads-it-");
            try {
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                        .until(() -> get(playbackUrl).statusCode() == 200);
                String master = get(playbackUrl).body();
                String media = playbackUrl.substring(0, playbackUrl.lastIndexOf('/') + 1) + master.lines()
                        .filter(l -> !l.startsWith("#") && !l.isBlank()).findFirst().orElseThrow();
                await().atMost(Duration.ofSeconds(20)).until(() -> get(media).body().contains("#EXTINF"));

                Instant asked = Instant.now();
                SignedJson.Answer inserted = a.call("InsertAdBreak", body);
                assertEquals(200, inserted.status(), inserted.body().toString());
                String id = inserted.body().get("adBreakId").asText();
                assertTrue(id.matches("[a-zA-Z0-9]{12}"), id);
                String[] text = {null};
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
                    text[0] = get(media).body();
                    return text[0].contains("#EXT-X-CUE-IN");
                });
                String playlist = text[0];
                int out = playlist.indexOf("#EXT-X-DATERANGE:ID=\"" + id + "\"");
                int in = playlist.indexOf("#EXT-X-CUE-IN");
                assertTrue(out >= 0 && in > out, playlist);
                String outTag = playlist.substring(out, playlist.indexOf('\n', out));
                assertTrue(outTag.contains(",PLANNED-DURATION=4.000,SCTE35-OUT=0xFC30"), outTag);
                assertTrue(playlist.indexOf("#EXT-X-CUE-OUT:4\n") > out, playlist);
                int close = playlist.lastIndexOf("#EXT-X-DATERANGE:ID=\"" + id + "\"");
                String inTag = playlist.substring(close, playlist.indexOf('\n', close));
                assertTrue(close > out && close < in && inTag.contains(",SCTE35-IN=0xFC30"), playlist);
                double duration = Double.parseDouble(inTag.replaceAll(".*,DURATION=([0-9.]+),.*", "$1"));
                double segments = 0;
                for (String line : playlist.substring(out, in).split("\n")) {
                    if (line.startsWith("#EXTINF:")) {
                        segments += Double.parseDouble(line.substring(8, line.indexOf(',')));
                    }
                }
                assertEquals(segments, duration, 0.05, playlist);
                assertTrue(duration >= 3.95 && duration < 6.1, "break of " + duration + " s: " + playlist);
                String start = outTag.replaceAll(".*START-DATE=\"([^\"]+)\".*", "$1");
                long offset = Duration.between(asked, Instant.parse(start)).toMillis();
                assertTrue(offset > -4000 && offset < 5000, "break starts at the live edge: " + offset + " ms");
                System.out.printf("InsertAdBreak through the gateway: break %s of %.3f s starting %d ms from the call%n",
                        id, duration, offset);
            } finally {
                encoder.destroy();
                encoder.waitFor();
            }
            // once offline, the break cannot be inserted any more
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    a.call("InsertAdBreak", body).status() == 404);
        } finally {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                ivs.deleteChannel(r -> r.arn(channelArn));
                return true;
            });
            assertEquals(204, a.call("DeleteAdConfiguration", arn(ad)).status());
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
