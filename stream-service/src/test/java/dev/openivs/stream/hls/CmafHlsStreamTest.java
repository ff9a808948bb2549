package dev.openivs.stream.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openivs.stream.format.ts.TsMuxerTest;
import dev.openivs.stream.media.AudioFrame;
import dev.openivs.stream.media.FlvDemuxer;
import dev.openivs.stream.media.MediaSink;
import dev.openivs.stream.media.StreamDescriptor;
import dev.openivs.stream.media.VideoConfig;
import dev.openivs.stream.media.VideoFrame;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link HlsStream} on a FRAGMENTED_MP4 channel: CMAF segments, an init segment per session, EXT-X-MAP. */
class CmafHlsStreamTest {
    /** x265's hvcC (VPS, SPS, PPS) of a 320x240 Main stream. */
    private static final String HVCC = "0101600000009000000000003CF000FCFDF8F800000F03200001001840010C01FFFF0160000003"
            + "0090000003000003003C959409210001002A42010101600000030090000003000003003CA00A080F16595952930BC05A02000003"
            + "0002000003003C1022000100064401C073C189";
    private final AtomicLong clock = new AtomicLong(1_800_000_000_000L);

    private static StreamDescriptor descriptor(String streamId, String containerFormat) {
        ObjectNode channel = new ObjectMapper().createObjectNode().put("containerFormat", containerFormat);
        return new StreamDescriptor(streamId, "arn:aws:ivs:us-west-2:123456789012:channel/abc", "123456789012", "c",
                "NORMAL", "STANDARD", false, "", Instant.now(), channel);
    }

    private static VideoConfig hevc() {
        VideoConfig[] out = new VideoConfig[1];
        new FlvDemuxer(new MediaSink() {
            @Override
            public void onVideoConfig(VideoConfig config, long timestamp) {
                out[0] = config;
            }
        }).video(0, HexFormat.of().parseHex("9068766331" + HVCC));
        return out[0];
    }

    private HlsStream stream(String streamId, String containerFormat, VideoConfig video) {
        HlsStream s = new HlsStream(descriptor(streamId, containerFormat), 2000, 6, 1 << 20, clock::get);
        s.onMetadata(Map.of("framerate", 30.0));
        s.onVideoConfig(video, 0);
        s.onAudioConfig(TsMuxerTest.AAC, 0);
        return s;
    }

    private void feed(HlsStream s, long fromMs, long toMs) {
        byte[] key = TsMuxerTest.avcc(new byte[] {0x26, 0x01, 0x10, 0x20});
        byte[] inter = TsMuxerTest.avcc(new byte[] {0x02, 0x01, 0x30});
        long audio = fromMs;
        for (long f = fromMs * 30 / 1000; f * 1000 / 30 < toMs; f++) {
            long dts = f * 1000 / 30;
            boolean k = f % 30 == 0;
            byte[] data = k ? key : inter;
            s.onVideo(new VideoFrame(dts, 0, k, data, 0, data.length));
            clock.set(1_800_000_000_000L + dts);
            while (audio <= dts) {
                s.onAudio(new AudioFrame(audio, new byte[50], 0, 50));
                audio += 23;
            }
        }
    }

    private static String box(byte[] b, int offset) {
        return new String(b, offset + 4, 4, StandardCharsets.US_ASCII);
    }

    @Test
    void hevcIsCutIntoCmafSegmentsWithOneInitSegment() {
        HlsStream s = stream("st-abc", "FRAGMENTED_MP4", hevc());
        feed(s, 0, 7000);
        HlsStream.Snapshot snap = s.snapshot();
        assertEquals(3, snap.segments().size());
        byte[] init = snap.segments().get(0).init();
        assertNotNull(init);
        assertEquals("ftyp", box(init, 0));
        String text = new String(init, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("hvc1") && text.contains("hvcC") && text.contains("mp4a"), "HEVC + AAC tracks");
        for (HlsStream.Segment seg : snap.segments()) {
            assertEquals(2000, seg.durationMs());
            assertEquals("moof", box(seg.data(), 0));
            assertEquals("m4s", seg.extension());
            assertSame(init, seg.init(), "one init segment per session");
        }
        assertEquals("hvc1.1.6.L60.90,mp4a.40.2", snap.codecs());
        assertEquals(320, snap.width(), "the size of the SPS when the metadata has none");
        assertEquals(240, snap.height());
        String media = Playlists.media(snap);
        assertTrue(media.startsWith("#EXTM3U\n#EXT-X-VERSION:7\n"), media);
        assertTrue(media.contains("#EXT-X-MAP:URI=\"st-abc/source-init.mp4\"\n"), media);
        assertTrue(media.contains("\nst-abc/source-0.m4s\n"), media);
        assertSame(init, snap.init("st-abc"));
    }

    @Test
    void aReconnectRepeatsTheMapAfterTheDiscontinuity() {
        HlsStream first = stream("st-one", "FRAGMENTED_MP4", hevc());
        feed(first, 0, 5000);
        first.onEnd();
        HlsStream second = stream("st-two", "FRAGMENTED_MP4", hevc());
        second.continueFrom(first);
        feed(second, 10_000, 15_000);
        String media = Playlists.media(second.snapshot());
        int disc = media.indexOf("#EXT-X-DISCONTINUITY\n");
        assertTrue(disc > 0, media);
        assertTrue(media.indexOf("#EXT-X-MAP:URI=\"st-two/source-init.mp4\"") > disc, media);
        assertTrue(media.indexOf("#EXT-X-MAP:URI=\"st-one/source-init.mp4\"") < disc, media);
        assertNotNull(second.snapshot().init("st-one"), "the previous session's init is still served");
    }

    @Test
    void h264OnFragmentedMp4IsCmafAndOnTsStaysMpegTs() {
        HlsStream cmaf = stream("st-a", "FRAGMENTED_MP4", TsMuxerTest.AVC);
        HlsStream ts = stream("st-b", "TS", TsMuxerTest.AVC);
        feed(cmaf, 0, 3000);
        feed(ts, 0, 3000);
        assertEquals("m4s", cmaf.snapshot().segments().get(0).extension());
        assertEquals("ts", ts.snapshot().segments().get(0).extension());
        assertTrue(Playlists.media(ts.snapshot()).startsWith("#EXTM3U\n#EXT-X-VERSION:3\n"));
        HlsStream hevcOnTs = stream("st-c", "TS", hevc());
        feed(hevcOnTs, 0, 3000);
        assertTrue(hevcOnTs.snapshot().segments().isEmpty(), "MPEG-TS output carries no HEVC");
    }
}
