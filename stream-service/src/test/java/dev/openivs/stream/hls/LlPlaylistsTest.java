package dev.openivs.stream.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.media.FlvDemuxer;
import dev.openivs.stream.media.StreamDescriptor;
import io.lindstrom.m3u8.model.MasterPlaylist;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.model.PartialSegment;
import io.lindstrom.m3u8.model.PreloadHintType;
import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The LL-HLS playlists of a real stream, parsed with io.lindstrom:m3u8-parser (strict mode). */
class LlPlaylistsTest {
    private static LlHlsStream.Snapshot snap;

    @BeforeAll
    static void stream() throws Exception {
        assumeTrue(Ffmpeg.available(), "ffmpeg is not installed");
        AtomicLong clock = new AtomicLong(1_800_000_000_000L);
        StreamDescriptor d = new StreamDescriptor("st-abc", "arn:aws:ivs:us-west-2:123456789012:channel/abc",
                "123456789012", "c", "LOW", "STANDARD", false, "", Instant.now(), null);
        // a window of 3: after 10 s the first segment has left the playlist
        LlHlsStream s = new LlHlsStream(d, 2000, 334, 3, 1 << 24, clock::get);
        FlvFile.feed(Ffmpeg.fixture(), new FlvDemuxer(s), ts -> clock.set(1_800_000_000_000L + ts));
        snap = s.snapshot();
    }

    @Test
    void shouldWriteAnLlHlsMediaPlaylistWithPartsHintAndServerControl() throws Exception {
        String text = LlPlaylists.media(snap);
        assertTrue(text.startsWith("#EXTM3U\n#EXT-X-VERSION:9\n"), text);
        MediaPlaylist p = new MediaPlaylistParser().readPlaylist(text);
        assertEquals(2, p.targetDuration());
        assertEquals(1, p.mediaSequence(), "segment 0 left the window of 3");
        assertTrue(p.ongoing(), "no ENDLIST: live");
        assertTrue(p.serverControl().orElseThrow().canBlockReload());
        assertEquals(1.002, p.serverControl().orElseThrow().partHoldBack().orElseThrow(), 1e-9);
        double partTarget = p.partialSegmentInformation().orElseThrow().partTargetDuration();
        assertEquals(0.334, partTarget, 1e-9);
        assertTrue(p.serverControl().orElseThrow().partHoldBack().orElseThrow() >= 2 * partTarget,
                "PART-HOLD-BACK is at least twice PART-TARGET");
        assertEquals(3, p.mediaSegments().size());
        assertEquals("st-abc/source-init.mp4", p.mediaSegments().get(0).segmentMap().orElseThrow().uri(), "EXT-X-MAP");
        for (MediaSegment seg : p.mediaSegments()) {
            assertEquals(2.0, seg.duration(), 0.002);
            assertTrue(seg.programDateTime().isPresent());
            assertEquals(6, seg.partialSegments().size(), "the last three segments list their parts");
            double sum = 0;
            for (PartialSegment part : seg.partialSegments()) {
                assertTrue(part.duration() <= partTarget + 1e-9, "part " + part.duration());
                assertEquals(part.uri().endsWith(".0.m4s"), part.independent(), part.uri());
                sum += part.duration();
            }
            assertEquals(seg.duration(), sum, 0.004);
        }
        assertEquals("st-abc/source-3.m4s", p.mediaSegments().get(2).uri());
        assertEquals("st-abc/source-4.0.m4s", p.partialSegments().get(0).uri(), "parts of the segment being written");
        assertTrue(p.partialSegments().get(0).independent());
        var hint = p.preloadHint().orElseThrow();
        assertEquals(PreloadHintType.PART, hint.type());
        assertEquals("st-abc/source-4." + p.partialSegments().size() + ".m4s", hint.uri());
        // what the parser keeps no model of, checked as text: PDT before the first part of each segment
        assertEquals(4, java.util.regex.Pattern.compile("#EXT-X-PROGRAM-DATE-TIME:\\S+\n#EXT-X-PART:DURATION=")
                .matcher(text).results().count(), text);
    }

    @Test
    void shouldAnnounceTheSourceVariantAtVersion9() throws Exception {
        String text = LlPlaylists.multivariant(snap, "x/st-abc/source.m3u8");
        MasterPlaylist m = new MasterPlaylistParser().readPlaylist(text);
        assertEquals(1, m.variants().size());
        assertEquals("x/st-abc/source.m3u8", m.variants().get(0).uri());
        assertEquals(java.util.List.of("avc1.42C01E", "mp4a.40.2"), m.variants().get(0).codecs());
        assertEquals(640, m.variants().get(0).resolution().orElseThrow().width());
        assertTrue(text.contains("#EXT-X-VERSION:9\n"), text);
    }
}
