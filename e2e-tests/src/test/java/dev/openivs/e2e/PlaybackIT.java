package dev.openivs.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.ivs.model.ChannelLatencyMode;
import software.amazon.awssdk.services.ivs.model.CreateChannelResponse;

/**
 * HLS playback end to end: a channel made with the AWS SDK, ffmpeg publishing to it over RTMP, and ffprobe/ffmpeg
 * reading the channel's {@code playbackUrl} (served by stream-service's playback edge).
 */
class PlaybackIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final IvsClient ivs = Suite.clientA();

    @BeforeAll
    static void needsFfmpeg() {
        Encoder.assumeInstalled(true);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String run(int seconds, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "finished in time: " + String.join(" ", cmd));
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    /**
     * Prints the latency a standard player has (hls.js and ffmpeg start 3 segments before the live edge): wall clock
     * minus the PROGRAM-DATE-TIME of the 3rd newest segment, and how fresh the newest segment is.
     */
    private static void latency(String url, String master) throws Exception {
        String media = url.substring(0, url.lastIndexOf('/') + 1)
                + master.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(20)).until(() -> get(media).body().split("#EXTINF").length > 3);
        long sumStart = 0;
        long sumFresh = 0;
        int n = 10;
        for (int i = 0; i < n; i++) {
            java.util.List<java.time.Instant> pdts = new java.util.ArrayList<>();
            java.util.List<Double> durs = new java.util.ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "#EXT-X-PROGRAM-DATE-TIME:(\\S+)\n(?:#EXT-X-PART:[^\n]*\n)*#EXTINF:([0-9.]+),")
                    .matcher(get(media).body());
            while (m.find()) {
                pdts.add(java.time.Instant.parse(m.group(1)));
                durs.add(Double.parseDouble(m.group(2)));
            }
            java.time.Instant now = java.time.Instant.now();
            int last = pdts.size() - 1;
            sumStart += Duration.between(pdts.get(Math.max(0, last - 2)), now).toMillis();
            sumFresh += Duration.between(pdts.get(last).plusMillis((long) (durs.get(last) * 1000)), now).toMillis();
            Thread.sleep(700);
        }
        System.out.printf("player latency (now - PDT of 3rd newest segment), mean of %d: %d ms; newest segment "
                + "ended %d ms before the playlist was read (mean)%n", n, sumStart / n, sumFresh / n);
    }

    @Test
    void shouldPlayALiveChannelWithFfprobeAndFfmpeg() throws Exception {
        play(ChannelLatencyMode.NORMAL);
    }

    /** LOW (the default): low-latency HLS with fMP4 parts, which ffmpeg reads as whole segments. */
    @Test
    void shouldPlayALowLatencyChannelWithFfprobeAndFfmpeg() throws Exception {
        play(ChannelLatencyMode.LOW);
    }

    private void play(ChannelLatencyMode mode) throws Exception {
        CreateChannelResponse created = ivs.createChannel(r -> r.name("playback-it").insecureIngest(true)
                .latencyMode(mode));
        String arn = created.channel().arn();
        String url = created.channel().playbackUrl();
        try {
            HttpResponse<String> offline = get(url);
            assertEquals(404, offline.statusCode(), "offline channel");
            assertEquals("*", offline.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            Process encoder = Encoder.publish(Encoder.rtmpUrl(created.streamKey().value()), 90, "playback-it-");
            try {
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                        .until(() -> get(url).statusCode() == 200);
                String master = get(url).body();
                assertTrue(master.contains("#EXT-X-STREAM-INF:") && master.contains("RESOLUTION=640x360"), master);
                System.out.printf("%s channel:%n", mode);
                latency(url, master);
                if (mode == ChannelLatencyMode.LOW) {
                    String media = url.substring(0, url.lastIndexOf('/') + 1)
                            + master.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).findFirst().orElseThrow();
                    String ll = get(media).body();
                    assertTrue(ll.contains("#EXT-X-VERSION:9\n") && ll.contains("#EXT-X-PART:DURATION=")
                            && ll.contains("#EXT-X-PRELOAD-HINT:TYPE=PART") && ll.contains("CAN-BLOCK-RELOAD=YES")
                            && ll.contains("#EXT-X-MAP:URI="), ll);
                } else {
                    assertTrue(get(url).body().contains("#EXT-X-VERSION:3\n"), "MPEG-TS HLS");
                }
                String streams = run(60, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name",
                        "-of", "csv=p=0", url);
                assertTrue(streams.contains("h264") && streams.contains("aac"), streams);
                String decode = run(90, "ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", url, "-t", "4",
                        "-f", "null", "-");
                assertEquals("", decode.strip(), "decodes without errors");
                ivs.stopStream(r -> r.channelArn(arn));
                assertTrue(encoder.waitFor(15, TimeUnit.SECONDS), "ffmpeg exits after StopStream");
                await().atMost(Duration.ofSeconds(15)).until(() -> get(url).statusCode() == 404);
            } finally {
                encoder.destroyForcibly();
            }
        } finally {
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> {
                ivs.deleteChannel(r -> r.arn(arn));
                return true;
            });
        }
    }
}
