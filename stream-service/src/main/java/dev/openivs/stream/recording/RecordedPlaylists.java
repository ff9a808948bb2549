package dev.openivs.stream.recording;

import dev.openivs.stream.hls.AdMarkers;
import dev.openivs.stream.hls.Playlists;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The playlists of a recording: a growing EVENT playlist while it records, a VOD playlist with
 * {@code #EXT-X-ENDLIST} when it ended; the byte-range variant addresses the same segment files with
 * {@code #EXT-X-BYTERANGE}. {@code #EXT-X-DISCONTINUITY} marks where a reconnect continued the recording. Every
 * segment carries its {@code #EXT-X-PROGRAM-DATE-TIME} (as in the live playlists), and the ad breaks inserted while
 * it recorded are marked as in the live playlists ({@link AdMarkers}: EXT-X-DATERANGE with SCTE35-OUT/IN and
 * EXT-X-CUE-OUT/CUE-OUT-CONT/CUE-IN).
 */
final class RecordedPlaylists {
    /**
     * A stored segment: {@code index} is its file name ({@code {index}.ts}, or {@code {index}.m4s} with
     * {@code init} the name of its init segment on FRAGMENTED_MP4 channels) and media sequence number,
     * {@code programDateTime} the wall-clock time of its first frame.
     */
    record Segment(int index, long durationMs, int bytes, boolean discontinuity, Instant programDateTime,
            String init) {
        Segment(int index, long durationMs, int bytes, boolean discontinuity, Instant programDateTime) {
            this(index, durationMs, bytes, discontinuity, programDateTime, null);
        }
    }

    private RecordedPlaylists() {
    }

    /** The recording's multivariant playlist: its renditions' entries, highest first. */
    static String master(List<Playlists.Variant> renditions) {
        return Playlists.plainMultivariant(3, renditions);
    }

    static String variant(List<Segment> segments, List<AdMarkers.Marker> adMarkers, boolean ended,
            boolean byteRange) {
        StringBuilder b = new StringBuilder(160 + 96 * segments.size());
        boolean fmp4 = !segments.isEmpty() && segments.get(0).init() != null;
        b.append("#EXTM3U\n#EXT-X-VERSION:").append(fmp4 ? 7 : byteRange ? 4 : 3).append('\n');
        b.append("#EXT-X-TARGETDURATION:").append(targetDuration(segments)).append('\n');
        b.append("#EXT-X-MEDIA-SEQUENCE:0\n");
        b.append("#EXT-X-PLAYLIST-TYPE:").append(ended ? "VOD" : "EVENT").append('\n');
        String init = null;
        for (Segment s : segments) {
            if (s.discontinuity()) {
                b.append("#EXT-X-DISCONTINUITY\n");
            }
            if (s.init() != null && !s.init().equals(init)) {
                init = s.init();
                b.append("#EXT-X-MAP:URI=\"").append(init).append("\"\n");
            }
            AdMarkers.render(b, adMarkers, s.index(), s.programDateTime());
            Playlists.programDateTime(b, s.programDateTime());
            b.append("#EXTINF:").append(String.format(Locale.ROOT, "%.3f", s.durationMs() / 1000.0)).append(",\n");
            if (byteRange) {
                b.append("#EXT-X-BYTERANGE:").append(s.bytes()).append("@0\n");
            }
            b.append(s.index()).append(s.init() != null ? ".m4s\n" : ".ts\n");
        }
        if (ended) {
            b.append("#EXT-X-ENDLIST\n");
        }
        return b.toString();
    }

    /** The longest segment rounded (RFC 8216 4.3.3.1), at least 1. */
    static int targetDuration(List<Segment> segments) {
        int t = 1;
        for (Segment s : segments) {
            t = Math.max(t, (int) Math.round(s.durationMs() / 1000.0));
        }
        return t;
    }
}
