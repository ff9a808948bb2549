package dev.openivs.stream.hls;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The text of the multivariant and media playlists (HLS version 3, MPEG-TS segments). */
public final class Playlists {
    /** Media playlist of the source rendition, relative to the multivariant playlist's directory. */
    public static final String SOURCE = "source.m3u8";

    private Playlists() {
    }

    /** Segment file name for a media sequence number, relative to its session's directory. */
    public static String segmentName(long sequence) {
        return "source-" + sequence + ".ts";
    }

    /** A segment's URI relative to the media playlist: in the directory of the session that wrote it. */
    public static String segmentUri(HlsStream.Segment seg) {
        return seg.session() + "/" + segmentName(seg.sequence());
    }

    /** One variant: the source rendition, at {@code mediaUri} (relative). */
    public static String multivariant(HlsStream.Snapshot s, String mediaUri) {
        return multivariant(3, s.bandwidth(), s.width(), s.height(), s.codecs(), s.framerate(), mediaUri);
    }

    /** One variant at {@code mediaUri} (relative), in a playlist of the given version. */
    public static String multivariant(int version, long bandwidth, int width, int height, String codecs, double framerate,
            String mediaUri) {
        StringBuilder b = new StringBuilder(256);
        b.append("#EXTM3U\n#EXT-X-VERSION:").append(version).append("\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        b.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(Math.max(1, bandwidth));
        if (width > 0 && height > 0) {
            b.append(",RESOLUTION=").append(width).append('x').append(height);
        }
        if (codecs != null) {
            b.append(",CODECS=\"").append(codecs).append('"');
        }
        if (framerate > 0) {
            b.append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", framerate));
        }
        b.append('\n').append(mediaUri).append('\n');
        return b.toString();
    }

    /**
     * The sliding window of finished segments of the channel's media playlist: a session change (reconnect) is an
     * EXT-X-DISCONTINUITY; EXT-X-ENDLIST once the playlist is final.
     */
    public static String media(HlsStream.Snapshot s) {
        return media(s, List.of());
    }

    /** The media playlist with the ad breaks' markers ({@link AdMarkers}). */
    public static String media(HlsStream.Snapshot s, List<AdMarkers.Marker> adMarkers) {
        StringBuilder b = new StringBuilder(160 + 128 * s.segments().size());
        b.append("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:").append(s.targetDuration()).append('\n');
        long first = s.segments().isEmpty() ? s.nextSequence() : s.segments().get(0).sequence();
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(first).append('\n');
        if (s.discontinuitySequence() > 0) {
            b.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(s.discontinuitySequence()).append('\n');
        }
        String session = null;
        for (HlsStream.Segment seg : s.segments()) {
            if (session != null && !session.equals(seg.session())) {
                b.append("#EXT-X-DISCONTINUITY\n");
            }
            session = seg.session();
            AdMarkers.render(b, adMarkers, seg.sequence(), seg.programDateTime());
            b.append("#EXT-X-PROGRAM-DATE-TIME:")
                    .append(DateTimeFormatter.ISO_INSTANT.format(seg.programDateTime().truncatedTo(
                            java.time.temporal.ChronoUnit.MILLIS)))
                    .append('\n');
            b.append("#EXTINF:").append(String.format(Locale.ROOT, "%.3f", seg.durationMs() / 1000.0)).append(",\n");
            b.append(segmentUri(seg)).append('\n');
        }
        if (s.endList()) {
            b.append("#EXT-X-ENDLIST\n");
        }
        return b.toString();
    }
}
