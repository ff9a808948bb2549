package dev.openivs.stream.format.ts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.media.AacConfig;
import dev.openivs.stream.media.AudioFrame;
import dev.openivs.stream.media.AvcConfig;
import dev.openivs.stream.media.MediaSink;
import dev.openivs.stream.media.VideoFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link TsDemuxer} on ffmpeg's MPEG-TS (the fixture remuxed), fed in random splits, and on bad input. */
class TsDemuxerTest {
    private static final class Collect implements MediaSink {
        final List<AvcConfig> avc = new ArrayList<>();
        final List<AacConfig> aac = new ArrayList<>();
        final List<VideoFrame> video = new ArrayList<>();
        final List<AudioFrame> audio = new ArrayList<>();

        @Override
        public void onVideoConfig(dev.openivs.stream.media.VideoConfig config, long timestamp) {
            avc.add((AvcConfig) config);
        }

        @Override
        public void onAudioConfig(AacConfig config, long timestamp) {
            aac.add(config);
        }

        @Override
        public void onVideo(VideoFrame frame) {
            video.add(frame);
        }

        @Override
        public void onAudio(AudioFrame frame) {
            audio.add(frame);
        }
    }

    private static byte[] fixtureTs() throws Exception {
        assumeTrue(Ffmpeg.available(), "ffmpeg is not installed");
        Path out = Path.of("target", "ffmpeg", "demuxer-fixture.ts");
        if (!Files.exists(out)) {
            Ffmpeg.run(60, "ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", Ffmpeg.fixture().toString(),
                    "-c", "copy", "-f", "mpegts", out.toString());
        }
        return Files.readAllBytes(out);
    }

    @Test
    void shouldDemuxFfmpegsTransportStreamInAnySplit() throws Exception {
        byte[] ts = fixtureTs();
        Collect c = new Collect();
        TsDemuxer demuxer = new TsDemuxer(c);
        Random random = new Random(7);
        for (int i = 0; i < ts.length; ) {
            int n = Math.min(ts.length - i, 1 + random.nextInt(3000));
            demuxer.feed(ts, i, n);
            i += n;
        }
        assertEquals(1, c.avc.size(), "one SPS/PPS pair, announced once");
        assertTrue(c.avc.get(0).codecString().startsWith("avc1.42"), c.avc.get(0).codecString());
        assertEquals(4, c.avc.get(0).nalLengthSize());
        // 300 frames in 10 s; the last PES (unbounded) is completed only by a next one
        assertEquals(299, c.video.size());
        assertEquals(5, c.video.stream().filter(VideoFrame::keyframe).count(), "a keyframe every 60 frames");
        assertTrue(c.video.get(0).keyframe());
        for (int i = 1; i < c.video.size(); i++) {
            long step = c.video.get(i).dts() - c.video.get(i - 1).dts();
            assertTrue(step == 33 || step == 34, "30 fps DTS steps in ms: " + step);
        }
        VideoFrame first = c.video.get(0);
        int nal = ((first.data()[0] & 0xFF) << 24) | ((first.data()[1] & 0xFF) << 16)
                | ((first.data()[2] & 0xFF) << 8) | (first.data()[3] & 0xFF);
        assertTrue(nal > 0 && nal + 4 <= first.length(), "AVCC length prefix");
        assertEquals(1, c.aac.size());
        assertEquals(44100, c.aac.get(0).sampleRate());
        assertEquals(2, c.aac.get(0).channels());
        assertEquals("mp4a.40.2", c.aac.get(0).codecString());
        assertTrue(c.audio.size() >= 425 && c.audio.size() <= 432, "10 s of 1024-sample frames: " + c.audio.size());
        for (AudioFrame a : c.audio) {
            assertTrue((a.data()[a.offset()] & 0xFF) != 0xFF || (a.data()[a.offset() + 1] & 0xF0) != 0xF0,
                    "raw AAC, no ADTS header");
        }
    }

    @Test
    void shouldDropAPesWithLostPacketsAndKeepTheRest() throws Exception {
        byte[] ts = fixtureTs();
        Collect c = new Collect();
        TsDemuxer demuxer = new TsDemuxer(c);
        // lose one packet in the middle of a video access unit (PID 0x100, not a unit start)
        int lost = 188 * (ts.length / 188 / 2);
        while (((ts[lost + 1] & 0x1F) << 8 | (ts[lost + 2] & 0xFF)) != 0x100 || (ts[lost + 1] & 0x40) != 0) {
            lost += 188;
        }
        demuxer.feed(ts, 0, lost);
        demuxer.feed(ts, lost + 188, ts.length - lost - 188);
        Collect whole = new Collect();
        new TsDemuxer(whole).feed(ts, 0, ts.length);
        assertEquals(whole.video.size() - 1, c.video.size(), "exactly the damaged frame is dropped");
        assertEquals(whole.audio.size(), c.audio.size());
    }

    @Test
    void shouldRefuseInputThatIsNotMpegTs() throws Exception {
        byte[] junk = new byte[256 * 1024];
        new Random(1).nextBytes(junk);
        TsDemuxer demuxer = new TsDemuxer(new Collect());
        TsDemuxer.Unsupported e = assertThrows(TsDemuxer.Unsupported.class,
                () -> demuxer.feed(junk, 0, junk.length));
        assertEquals("not an MPEG-TS stream", e.getMessage());
    }

    @Test
    void shouldUnwrapThe33BitClock() {
        TsDemuxer demuxer = new TsDemuxer(new Collect());
        long wrap = 1L << 33;
        assertEquals(wrap - 90, demuxer.unwrap(wrap - 90));
        assertEquals(wrap + 3000, demuxer.unwrap(3000));
        assertEquals(wrap - 1000, demuxer.unwrap(wrap - 1000), "a late audio timestamp from before the wrap");
        assertEquals(wrap + 6000, demuxer.unwrap(6000));
    }
}
