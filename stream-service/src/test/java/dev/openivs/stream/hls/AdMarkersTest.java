package dev.openivs.stream.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.format.ts.Scte35;
import dev.openivs.stream.media.AdBreak;
import dev.openivs.stream.media.FlvDemuxer;
import dev.openivs.stream.media.MediaSink;
import dev.openivs.stream.media.StreamDescriptor;
import io.lindstrom.m3u8.model.DateRange;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.lindstrom.m3u8.parser.ParsingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ad breaks in the media playlists of a real stream (the 10 s fixture, 2 s GOPs), parsed with io.lindstrom:m3u8-parser
 * (lenient: it knows EXT-X-DATERANGE, EXT-X-CUE-OUT and EXT-X-CUE-IN, not EXT-X-CUE-OUT-CONT).
 */
class AdMarkersTest {
    private static final long T0 = 1_800_000_000_000L;
    private static final AdBreak BREAK = AdBreak.of("abcdABCD1234", 4, Instant.ofEpochMilli(T0 + 3000));

    @BeforeAll
    static void needsFfmpeg() {
        assumeTrue(Ffmpeg.available(), "ffmpeg is not installed");
    }

    private static StreamDescriptor descriptor(String latencyMode) {
        return new StreamDescriptor("st-abc", "arn:aws:ivs:us-west-2:123456789012:channel/abc", "123456789012", "c",
                latencyMode, "STANDARD", false, "", Instant.now(), null);
    }

    /** Feeds the fixture in real time on a fake clock; the break is inserted when the media reaches 3 s. */
    private static void feed(MediaSink sink, AtomicLong clock, AdBreak adBreak) throws Exception {
        boolean[] inserted = {false};
        FlvFile.feed(Ffmpeg.fixture(), new FlvDemuxer(sink), ts -> {
            clock.set(T0 + ts);
            if (!inserted[0] && ts >= 3000) {
                inserted[0] = true;
                sink.onAdBreak(adBreak);
            }
        });
    }

    private static MediaPlaylist parse(String text) throws Exception {
        return new MediaPlaylistParser(ParsingMode.LENIENT).readPlaylist(text);
    }

    private static int indexOf(List<MediaSegment> segments, java.util.function.Predicate<MediaSegment> p) {
        for (int i = 0; i < segments.size(); i++) {
            if (p.test(segments.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void shouldMarkTheBreakFromTheSegmentBeingWrittenInANormalPlaylist() throws Exception {
        AtomicLong clock = new AtomicLong(T0);
        HlsStream s = new HlsStream(descriptor("NORMAL"), 2000, 10, 1 << 24, clock::get);
        feed(s, clock, BREAK);
        String text = Playlists.media(s.snapshot(), s.adMarkers());
        List<MediaSegment> segments = parse(text).mediaSegments();

        // inserted at 3 s: the segment being written (2..4 s) is the first of the break
        int out = indexOf(segments, seg -> seg.cueOut().isPresent());
        assertEquals(1, out, text);
        assertEquals(4.0, segments.get(out).cueOut().orElseThrow(), 1e-9);
        DateRange outRange = segments.get(out).dateRange().orElseThrow();
        assertEquals("abcdABCD1234", outRange.id());
        assertEquals(2000, outRange.startDate().toInstant().toEpochMilli() - T0, 100);
        assertEquals(segments.get(out).programDateTime().orElseThrow().toInstant(), outRange.startDate().toInstant());
        assertEquals(4.0, outRange.plannedDuration().orElseThrow(), 1e-9);
        assertEquals(Scte35.hex(Scte35.spliceOut(BREAK.eventId(), 4)), outRange.scte35Out().orElseThrow());
        assertFalse(outRange.scte35In().isPresent());

        // planned end 6 s: the first segment starting there gets the return
        int in = indexOf(segments, MediaSegment::cueIn);
        assertEquals(3, in, text);
        DateRange inRange = segments.get(in).dateRange().orElseThrow();
        assertEquals("abcdABCD1234", inRange.id());
        assertEquals(outRange.startDate(), inRange.startDate(), "the same START-DATE (RFC 8216bis 4.4.5.1)");
        double breakSeconds = segments.subList(out, in).stream().mapToDouble(MediaSegment::duration).sum();
        assertEquals(breakSeconds, inRange.duration().orElseThrow(), 0.0015, "DURATION is the break's segments");
        assertEquals(4.0, breakSeconds, 0.1);
        assertEquals(Scte35.hex(Scte35.spliceIn(BREAK.eventId())), inRange.scte35In().orElseThrow());
        assertEquals(1, count(text, "#EXT-X-CUE-OUT-CONT:ElapsedTime=2.000,Duration=4\n"), text);
        assertEquals(1, count(text, "#EXT-X-CUE-OUT:"), text);
        assertEquals(1, count(text, "#EXT-X-CUE-IN"), text);
        assertEquals(2, count(text, "#EXT-X-DATERANGE:"), text);
    }

    @Test
    void shouldMarkTheBreakFromTheNextSegmentInALowLatencyPlaylist() throws Exception {
        AtomicLong clock = new AtomicLong(T0);
        LlHlsStream s = new LlHlsStream(descriptor("LOW"), 2000, 334, 10, 1 << 24, clock::get);
        AdBreak shortBreak = AdBreak.of("LOWlat123456", 2, Instant.ofEpochMilli(T0 + 3000));
        feed(s, clock, shortBreak);
        String text = LlPlaylists.media(s.snapshot(), s.adMarkers(), List.of());
        List<MediaSegment> segments = parse(text).mediaSegments();

        // at 3 s segment 1's parts are listed already: the break begins with segment 2 (4 s), before its parts
        int out = indexOf(segments, seg -> seg.cueOut().isPresent());
        assertEquals(2, out, text);
        assertTrue(text.indexOf("#EXT-X-CUE-OUT:2\n") < text.indexOf("st-abc/source-2.0.m4s"), text);
        DateRange outRange = segments.get(out).dateRange().orElseThrow();
        assertEquals(4000, outRange.startDate().toInstant().toEpochMilli() - T0, 100);
        assertEquals(2.0, outRange.plannedDuration().orElseThrow(), 1e-9);
        int in = indexOf(segments, MediaSegment::cueIn);
        assertEquals(3, in, text);
        assertEquals(2.0, segments.get(in).dateRange().orElseThrow().duration().orElseThrow(), 0.1);
        assertTrue(segments.get(in).dateRange().orElseThrow().scte35In().isPresent());
    }

    @Test
    void shouldEndABreakWhereTheNextOneBegins() {
        AdMarkers markers = new AdMarkers();
        Instant t = Instant.ofEpochMilli(T0);
        markers.insert(AdBreak.of("first0000000", 30, t), 1);
        markers.segmentStarted(1, t.plusSeconds(2));
        markers.segmentStarted(2, t.plusSeconds(4));
        markers.insert(AdBreak.of("second000000", 10, t.plusSeconds(5)), 3);
        markers.segmentStarted(3, t.plusSeconds(6));
        List<AdMarkers.Marker> list = markers.list();
        assertEquals(3, list.get(0).endSequence(), "the first break ends where the second begins");
        assertEquals(Duration.ofSeconds(4), Duration.between(list.get(0).start(), list.get(0).end()));
        assertEquals(t.plusSeconds(6), list.get(1).start());
        assertTrue(list.get(1).open());
        StringBuilder b = new StringBuilder();
        AdMarkers.render(b, list, 3, t.plusSeconds(6));
        String tags = b.toString();
        assertTrue(tags.indexOf("#EXT-X-CUE-IN") < tags.indexOf("#EXT-X-CUE-OUT:10"), tags);
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }
}
