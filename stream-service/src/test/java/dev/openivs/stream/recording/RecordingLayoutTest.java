package dev.openivs.stream.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.stream.format.ts.Scte35;
import dev.openivs.stream.hls.AdMarkers;
import dev.openivs.stream.media.AdBreak;
import dev.openivs.stream.transcode.Ladder;
import dev.openivs.stream.transcode.Rendition;
import io.lindstrom.m3u8.model.DateRange;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.lindstrom.m3u8.parser.ParsingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordingLayoutTest {
    @Test
    void shouldBuildThePrefixInUtcWithoutZeroPadding() {
        assertEquals("ivs/v1/123456789012/AsXego4U6tnj/2020/6/3/2/5/j8Z9O91ndcVs",
                RecordingLayout.prefix("123456789012", "arn:aws:ivs:us-west-2:123456789012:channel/AsXego4U6tnj",
                        Instant.parse("2020-06-03T02:05:59.999Z"), "j8Z9O91ndcVs"));
        assertEquals("ivs/v1/1/c/2020/12/23/20/12/r", RecordingLayout.prefix("1", "arn:aws:ivs:x:1:channel/c",
                Instant.parse("2020-12-23T20:12:00Z"), "r"));
    }

    private static RecordingConfiguration selecting(String selection, String... renditions) {
        return new RecordingConfiguration("arn", "ACTIVE", "b", 0, "INTERVAL", 60, Set.of("SEQUENTIAL"), "",
                selection, Set.of(renditions));
    }

    private static List<String> recorded(RecordingConfiguration c, List<Rendition> ladder) {
        return RenditionSelection.recorded(c, ladder).stream().map(Rendition::name).toList();
    }

    @Test
    void shouldSelectTheRecordedRenditionsByResolutionBucket() {
        List<Rendition> standard720 = Ladder.of("STANDARD", "", 1280, 720, 30);
        assertEquals(List.of("720p30", "480p30", "360p30", "160p30"), recorded(selecting("ALL"), standard720));
        assertEquals(List.of(), recorded(selecting("NONE"), standard720));
        assertEquals(List.of("480p30"), recorded(selecting("CUSTOM", "SD"), standard720));
        assertEquals(List.of("720p30", "360p30", "160p30"),
                recorded(selecting("CUSTOM", "HD", "LOWEST_RESOLUTION"), standard720));
        // no FULL_HD rendition: the best available one instead
        assertEquals(List.of("720p30", "480p30"), recorded(selecting("CUSTOM", "FULL_HD", "SD"), standard720));
        // BASIC: one rendition, CUSTOM has no effect
        assertEquals(List.of("720p30"), recorded(selecting("CUSTOM", "SD"), Ladder.of("BASIC", "", 1280, 720, 30)));
        // ADVANCED: the audio-only rendition is not recorded
        assertEquals(List.of("480p30", "360p30", "160p30"),
                recorded(selecting("ALL"), Ladder.of("ADVANCED_SD", "", 1280, 720, 30)));
    }

    @Test
    void shouldSizeThumbnailsAsIvs() {
        assertEquals(160, RecordingLayout.thumbnailHeight("LOWEST_RESOLUTION", 360));
        assertEquals(284, RecordingLayout.scaledWidth(160, 640, 360));
        assertEquals(360, RecordingLayout.thumbnailHeight("HD", 360), "never above the source");
        assertEquals(720, RecordingLayout.thumbnailHeight("", 720), "unset = source");
        assertEquals(852, RecordingLayout.scaledWidth(480, 1280, 720));
    }

    @Test
    void shouldMergeOnlyMatchingMediaProperties() {
        MediaProperties a = new MediaProperties(640, 360, 30, "avc1.42C01E,mp4a.40.2", 800_000);
        assertTrue(a.mergeableWith(new MediaProperties(640, 360, 30, "avc1.42C01E,mp4a.40.2", 1_200_000)));
        assertFalse(a.mergeableWith(new MediaProperties(640, 360, 30, "avc1.42C01E,mp4a.40.2", 1_300_000)));
        assertFalse(a.mergeableWith(new MediaProperties(1280, 720, 30, "avc1.42C01E,mp4a.40.2", 800_000)));
        assertFalse(a.mergeableWith(new MediaProperties(640, 360, 60, "avc1.42C01E,mp4a.40.2", 800_000)));
        assertFalse(a.mergeableWith(new MediaProperties(640, 360, 30, "avc1.64001F,mp4a.40.2", 800_000)));
    }

    @Test
    void shouldWriteEventAndVodPlaylistsWithDiscontinuities() {
        Instant t0 = Instant.parse("2026-12-04T02:00:00.000Z");
        List<RecordedPlaylists.Segment> segs = List.of(new RecordedPlaylists.Segment(0, 2000, 1880, false, t0),
                new RecordedPlaylists.Segment(1, 2033, 3760, false, t0.plusMillis(2000)),
                new RecordedPlaylists.Segment(2, 1500, 188, true, t0.plusMillis(9000)));
        String live = RecordedPlaylists.variant(segs, List.of(), false, false);
        assertEquals("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n"
                + "#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-PROGRAM-DATE-TIME:2026-12-04T02:00:00Z\n#EXTINF:2.000,\n0.ts\n"
                + "#EXT-X-PROGRAM-DATE-TIME:2026-12-04T02:00:02Z\n#EXTINF:2.033,\n1.ts\n"
                + "#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:2026-12-04T02:00:09Z\n#EXTINF:1.500,\n2.ts\n",
                live);
        String vod = RecordedPlaylists.variant(segs, List.of(), true, true);
        assertTrue(vod.startsWith("#EXTM3U\n#EXT-X-VERSION:4\n"), vod);
        assertTrue(vod.contains("#EXT-X-PLAYLIST-TYPE:VOD\n"), vod);
        assertTrue(vod.contains("#EXTINF:2.033,\n#EXT-X-BYTERANGE:3760@0\n1.ts\n"), vod);
        assertTrue(vod.endsWith("#EXT-X-ENDLIST\n"), vod);
    }

    /**
     * An ad break inserted while segment 1 is written (3 s, segments of 2 s): the recorded playlists (both variants)
     * mark it as the live ones do, read back by io.lindstrom:m3u8-parser: DATERANGE with SCTE35-OUT and
     * PLANNED-DURATION and CUE-OUT before segment 1, CUE-OUT-CONT before segment 2, the closing DATERANGE (DURATION
     * 4 s = the break's whole segments, SCTE35-IN) and CUE-IN before segment 3.
     */
    @Test
    void shouldMarkAdBreaksInTheRecordedPlaylists() throws Exception {
        Instant t0 = Instant.parse("2026-12-04T02:00:00.000Z");
        AdMarkers markers = new AdMarkers(Recording.MAX_AD_BREAKS);
        List<RecordedPlaylists.Segment> segs = new ArrayList<>();
        AdBreak adBreak = AdBreak.of("adBreak12345", 3, t0.plusMillis(2500));
        for (int i = 0; i < 6; i++) {
            if (i == 1) {
                markers.insert(adBreak, i); // the call arrives while segment 1 is written
            }
            Instant pdt = t0.plusMillis(2000L * i);
            markers.segmentStarted(i, pdt);
            segs.add(new RecordedPlaylists.Segment(i, 2000, 1880, false, pdt));
        }
        for (boolean byteRange : new boolean[] {false, true}) {
            String text = RecordedPlaylists.variant(segs, markers.list(), true, byteRange);
            MediaPlaylist p = new MediaPlaylistParser(ParsingMode.LENIENT).readPlaylist(text);
            List<MediaSegment> s = p.mediaSegments();
            assertEquals(6, s.size(), text);
            assertEquals(3.0, s.get(1).cueOut().orElseThrow(), 1e-9, text);
            DateRange out = s.get(1).dateRange().orElseThrow();
            assertEquals("adBreak12345", out.id());
            assertEquals(s.get(1).programDateTime().orElseThrow(), out.startDate());
            assertEquals(3.0, out.plannedDuration().orElseThrow(), 1e-9);
            assertEquals(Scte35.hex(Scte35.spliceOut(adBreak.eventId(), 3)), out.scte35Out().orElseThrow());
            assertTrue(text.contains("#EXT-X-CUE-OUT-CONT:ElapsedTime=2.000,Duration=3\n"
                    + "#EXT-X-PROGRAM-DATE-TIME:2026-12-04T02:00:04Z\n"), text);
            assertTrue(s.get(3).cueIn(), text);
            DateRange in = s.get(3).dateRange().orElseThrow();
            assertEquals("adBreak12345", in.id());
            assertEquals(out.startDate(), in.startDate());
            assertEquals(4.0, in.duration().orElseThrow(), 1e-9);
            assertEquals(Scte35.hex(Scte35.spliceIn(adBreak.eventId())), in.scte35In().orElseThrow());
            for (int i : new int[] {0, 2, 4, 5}) {
                assertTrue(s.get(i).dateRange().isEmpty() && s.get(i).cueOut().isEmpty() && !s.get(i).cueIn(), text);
            }
        }
    }
}
