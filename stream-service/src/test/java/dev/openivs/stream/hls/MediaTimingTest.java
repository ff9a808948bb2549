package dev.openivs.stream.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.format.ts.TsMuxer;
import dev.openivs.stream.format.ts.TsMuxerTest;
import dev.openivs.stream.format.ts.TsPackets;
import dev.openivs.stream.media.AacConfig;
import dev.openivs.stream.media.AudioFrame;
import dev.openivs.stream.media.AvcConfig;
import dev.openivs.stream.media.FlvDemuxer;
import dev.openivs.stream.media.MediaSink;
import dev.openivs.stream.media.StreamDescriptor;
import dev.openivs.stream.media.VideoFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Output timing of both packagers fed with real ffmpeg FLV (the test fixture: 10 s, 30 fps, 2 s GOP, AAC 44.1 kHz,
 * with RTMP's millisecond timestamps): every session starts at zero whatever the encoder's timestamps, AAC is
 * stamped sample-exact, and ffmpeg reads the MPEG-TS without timestamp warnings.
 */
class MediaTimingTest {
    private static final long T0 = 1_800_000_000_000L;
    /** 1024 samples at 44.1 kHz in 90 kHz ticks. */
    private static final double AAC_FRAME_90K = 1024 * 90_000.0 / 44_100;
    private final AtomicLong clock = new AtomicLong(T0);

    @BeforeAll
    static void needsFfmpeg() {
        assumeTrue(Ffmpeg.available(), "ffmpeg is not installed");
    }

    private static StreamDescriptor descriptor() {
        return new StreamDescriptor("st-abc", "arn:aws:ivs:us-west-2:123456789012:channel/abc", "123456789012", "c",
                "LOW", "STANDARD", false, "", Instant.now(), null);
    }

    /** The fixture as an encoder with {@code -output_ts_offset 100000} sends it (timestamps from 100000 s). */
    private static synchronized Path offsetFixture() throws Exception {
        Path out = Ffmpeg.fixture().resolveSibling("fixture-offset.flv");
        if (!Files.exists(out)) {
            Path tmp = out.resolveSibling("fixture-offset-tmp.flv");
            LlHlsStreamTest.run("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", Ffmpeg.fixture().toString(),
                    "-c", "copy", "-output_ts_offset", "100000", "-y", tmp.toString());
            Files.move(tmp, out);
        }
        return out;
    }

    private List<HlsStream.Segment> ts(Path flv) throws IOException {
        return ts(flv, false);
    }

    /**
     * The TS segments of {@code flv}; {@code jittery}: as an encoder with a coarse clock sends it, two AAC frames at a
     * time under the first one's timestamp and every 30th video frame under its predecessor's DTS.
     */
    private List<HlsStream.Segment> ts(Path flv, boolean jittery) throws IOException {
        HlsStream s = new HlsStream(descriptor(), 2000, 10, 1 << 24, clock::get);
        MediaSink sink = jittery ? new Jittery(s) : s;
        FlvFile.feed(flv, new FlvDemuxer(sink), t -> clock.set(T0 + t));
        List<HlsStream.Segment> segments = s.snapshot().segments();
        assertEquals(4, segments.size());
        return segments;
    }

    @Test
    void shouldStartTheMpegTsOfEverySessionAtItsConstantOffset() throws Exception {
        List<TsPackets.Packet> packets = TsPackets.parse(ts(offsetFixture()).get(0).data());
        TsPackets.Packet video = packets.stream().filter(p -> p.pid() == TsMuxer.VIDEO_PID && p.pusi()).findFirst()
                .orElseThrow();
        long dts = TsPackets.timestamp(video, true) >= 0 ? TsPackets.timestamp(video, true)
                : TsPackets.timestamp(video, false);
        assertTrue(dts >= TsMuxer.OFFSET_90K && dts < TsMuxer.OFFSET_90K + 9_000, "first DTS " + dts);
        TsPackets.Packet audio = packets.stream().filter(p -> p.pid() == TsMuxer.AUDIO_PID && p.pusi()).findFirst()
                .orElseThrow();
        long pts = TsPackets.timestamp(audio, false);
        assertTrue(pts >= TsMuxer.OFFSET_90K - 9_000 && pts < TsMuxer.OFFSET_90K + 9_000, "first audio PTS " + pts);
    }

    @Test
    void shouldStampAacFramesSampleExactAcrossSegments() throws Exception {
        for (boolean jittery : new boolean[] {false, true}) {
            List<Long> pts = new ArrayList<>();
            for (HlsStream.Segment seg : ts(Ffmpeg.fixture(), jittery)) {
                for (TsPackets.Packet p : TsPackets.parse(seg.data())) {
                    if (p.pid() == TsMuxer.AUDIO_PID && p.pusi()) {
                        pts.add(TsPackets.timestamp(p, false));
                    }
                }
            }
            assertTrue(pts.size() > 300, pts.size() + " AAC frames");
            List<String> off = new ArrayList<>();
            for (int i = 1; i < pts.size(); i++) {
                long step = pts.get(i) - pts.get(i - 1);
                if (Math.abs(step - AAC_FRAME_90K) > 1) {
                    off.add("#" + i + ": " + step);
                }
            }
            assertEquals(List.of(), off, "AAC frames are 1024 samples = 2089.8 ticks apart (jittery " + jittery + ")");
        }
    }

    /** Forwards to a packager, with timestamps as a jittery encoder sends them. */
    private static final class Jittery implements MediaSink {
        private final MediaSink to;
        private long audioFrames;
        private long pairTimestamp;
        private long videoFrames;
        private long lastDts;

        Jittery(MediaSink to) {
            this.to = to;
        }

        @Override
        public void onVideoConfig(dev.openivs.stream.media.VideoConfig config, long timestamp) {
            to.onVideoConfig(config, timestamp);
        }

        @Override
        public void onAudioConfig(AacConfig config, long timestamp) {
            to.onAudioConfig(config, timestamp);
        }

        @Override
        public void onVideo(VideoFrame f) {
            long dts = videoFrames++ % 30 == 15 ? lastDts : f.dts();
            lastDts = f.dts();
            to.onVideo(new VideoFrame(dts, (int) (f.dts() + f.cts() - dts), f.keyframe(), f.data(), f.offset(),
                    f.length()));
        }

        @Override
        public void onAudio(AudioFrame f) {
            if (audioFrames++ % 2 == 0) {
                pairTimestamp = f.timestamp();
            }
            to.onAudio(new AudioFrame(pairTimestamp, f.data(), f.offset(), f.length()));
        }
    }

    @Test
    void shouldGiveFfmpegMonotonicTimestampsEvenFromAJitteryEncoder() throws Exception {
        for (Path flv : List.of(Ffmpeg.fixture(), offsetFixture())) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (HlsStream.Segment seg : ts(flv, true)) {
                all.writeBytes(seg.data());
            }
            Path file = Files.createTempFile("timing", ".ts");
            Files.write(file, all.toByteArray());
            String warnings = LlHlsStreamTest.run("ffmpeg", "-hide_banner", "-nostdin", "-v", "warning", "-i",
                    file.toString(), "-c", "copy", "-f", "mpegts", "-y", "/dev/null");
            Files.delete(file);
            // ffmpeg's words for it: "non monotonically increasing dts" (muxer API), "Non-monotonous DTS" (ffmpeg CLI)
            assertFalse(warnings.contains("non monotonically increasing dts"), warnings);
            assertFalse(warnings.contains("Non-monotonous DTS"), warnings);
        }
    }

    @Test
    void shouldStartTheFmp4OfEverySessionAtZero() throws Exception {
        LlHlsStream s = new LlHlsStream(descriptor(), 2000, 334, 10, 1 << 24, clock::get);
        FlvFile.feed(offsetFixture(), new FlvDemuxer(s), t -> clock.set(T0 + t));
        byte[] first = s.snapshot().segments().get(0).data();
        List<Long> bases = new ArrayList<>();
        byte[] tfdt = "tfdt".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int at = TsMuxerTest.indexOf(first, tfdt); at >= 0 && bases.size() < 2; ) {
            assertEquals(1, first[at + 4], "version 1: 64-bit baseMediaDecodeTime");
            bases.add(ByteBuffer.wrap(first, at + 8, 8).getLong());
            int next = TsMuxerTest.indexOf(java.util.Arrays.copyOfRange(first, at + 4, first.length), tfdt);
            at = next < 0 ? -1 : at + 4 + next;
        }
        assertEquals(2, bases.size(), "video and audio track fragments");
        assertTrue(bases.get(0) < 9_000, "video starts at " + bases.get(0) + " (90 kHz)");
        assertTrue(bases.get(1) < 4_410, "audio starts at " + bases.get(1) + " (44.1 kHz)");
    }
}
