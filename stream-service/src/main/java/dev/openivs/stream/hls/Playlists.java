package dev.openivs.stream.hls;

import dev.openivs.stream.transcode.Ladder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The text of the multivariant and media playlists of normal latency: HLS version 3 with MPEG-TS segments, version 7
 * with CMAF ones ({@code EXT-X-MAP} naming each session's init segment).
 */
public final class Playlists {
    /** File prefix of the source rendition's media playlist and segments. */
    public static final String SOURCE_NAME = "source";
    /** Media playlist of the source rendition, relative to the multivariant playlist's directory. */
    public static final String SOURCE = SOURCE_NAME + ".m3u8";

    /**
     * One entry of a multivariant playlist: {@code name} is IVS's rendition id (GROUP-ID/NAME), {@code uri} its
     * media playlist (relative); bandwidths in bit/s.
     */
    public record Variant(String name, long bandwidth, long averageBandwidth, int width, int height, String codecs,
            double framerate, String uri) {
    }

    private Playlists() {
    }

    /** Segment file name for a media sequence number, relative to its session's directory. */
    public static String segmentName(long sequence) {
        return segmentName(SOURCE_NAME, sequence);
    }

    /** A rendition's segment file name. */
    public static String segmentName(String rendition, long sequence) {
        return rendition + "-" + sequence + ".ts";
    }

    /** A segment's URI relative to the media playlist: in the directory of the session that wrote it. */
    public static String segmentUri(String rendition, HlsStream.Segment seg) {
        return seg.session() + "/" + rendition + "-" + seg.sequence() + "." + seg.extension();
    }

    /** A session's init segment (CMAF), relative to the media playlist. */
    public static String initUri(String rendition, String session) {
        return session + "/" + rendition + "-init.mp4";
    }

    /** The HLS version of a normal-latency playlist: 7 with CMAF segments ({@code EXT-X-MAP}), else 3. */
    public static int version(HlsStream.Snapshot s) {
        return !s.segments().isEmpty() && s.segments().get(0).init() != null ? 7 : 3;
    }

    /**
     * Every rendition of a transcoded channel, as IVS lists them (MEDIA-PLANE §1.5): per rendition an
     * {@code EXT-X-MEDIA:TYPE=VIDEO} naming it and an {@code EXT-X-STREAM-INF} with BANDWIDTH (peak segment bitrate,
     * at least the target), AVERAGE-BANDWIDTH (over the listed segments), RESOLUTION, CODECS and FRAME-RATE, highest
     * first.
     */
    public static String multivariant(int version, java.util.List<Variant> variants) {
        StringBuilder b = new StringBuilder(256 * variants.size());
        b.append("#EXTM3U\n#EXT-X-VERSION:").append(version).append("\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        boolean first = true;
        for (Variant s : variants) {
            Variant v = s;
            // IVS names 30 fps rungs "480p", 60 fps ones "720p60", the audio rendition "audio_only"
            String display = v.name().endsWith("p30") ? v.name().substring(0, v.name().length() - 2) : v.name();
            boolean audioOnly = Ladder.AUDIO_ONLY.equals(v.name()); // never selected by default (IVS: NO/NO)
            b.append("#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID=\"").append(v.name()).append("\",NAME=\"").append(display)
                    .append("\",AUTOSELECT=").append(audioOnly ? "NO" : "YES").append(",DEFAULT=")
                    .append(first && !audioOnly ? "YES" : "NO").append('\n');
            first = false;
            b.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(Math.max(1, s.bandwidth()))
                    .append(",AVERAGE-BANDWIDTH=").append(Math.max(1, s.averageBandwidth()));
            if (s.width() > 0 && s.height() > 0) {
                b.append(",RESOLUTION=").append(s.width()).append('x').append(s.height());
            }
            if (s.codecs() != null) {
                b.append(",CODECS=\"").append(s.codecs()).append('"');
            }
            b.append(",VIDEO=\"").append(v.name()).append('"');
            if (s.framerate() > 0) {
                b.append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", s.framerate()));
            }
            b.append('\n').append(v.uri()).append('\n');
        }
        return b.toString();
    }

    /** A finished segment of either kind, as far as its bitrate goes. */
    interface Sized {
        /** The segment's length in bytes. */
        int size();

        long durationMs();
    }

    /** Bits per second over {@code segments} (AVERAGE-BANDWIDTH), {@code otherwise} without any. */
    static long average(java.util.List<? extends Sized> segments, long otherwise) {
        long bytes = 0;
        long ms = 0;
        for (Sized seg : segments) {
            bytes += seg.size();
            ms += seg.durationMs();
        }
        return ms == 0 ? otherwise : bytes * 8000 / ms;
    }

    /** One variant: the source rendition, at {@code mediaUri} (relative). */
    public static String multivariant(HlsStream.Snapshot s, String mediaUri) {
        return multivariant(version(s), s.bandwidth(), s.width(), s.height(), s.codecs(), s.framerate(), mediaUri);
    }

    /** One variant at {@code mediaUri} (relative), in a playlist of the given version. */
    public static String multivariant(int version, long bandwidth, int width, int height, String codecs, double framerate,
            String mediaUri) {
        return plainMultivariant(version, List.of(new Variant("", bandwidth, 0, width, height, codecs, framerate,
                mediaUri)));
    }

    /**
     * Variants as plain {@code EXT-X-STREAM-INF} entries (BANDWIDTH, RESOLUTION, CODECS, FRAME-RATE), in the given
     * order, without rendition groups: the single-rendition live playlist and recordings' multivariant playlists.
     */
    public static String plainMultivariant(int version, List<Variant> variants) {
        StringBuilder b = new StringBuilder(128 + 160 * variants.size());
        b.append("#EXTM3U\n#EXT-X-VERSION:").append(version).append("\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (Variant v : variants) {
            b.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(Math.max(1, v.bandwidth()));
            if (v.width() > 0 && v.height() > 0) {
                b.append(",RESOLUTION=").append(v.width()).append('x').append(v.height());
            }
            if (v.codecs() != null) {
                b.append(",CODECS=\"").append(v.codecs()).append('"');
            }
            if (v.framerate() > 0) {
                b.append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", v.framerate()));
            }
            b.append('\n').append(v.uri()).append('\n');
        }
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
        b.append("#EXTM3U\n#EXT-X-VERSION:").append(version(s)).append("\n#EXT-X-TARGETDURATION:")
                .append(s.targetDuration()).append('\n');
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
            if (seg.init() != null && !seg.session().equals(session)) {
                b.append("#EXT-X-MAP:URI=\"").append(initUri(s.name(), seg.session())).append("\"\n");
            }
            session = seg.session();
            AdMarkers.render(b, adMarkers, seg.sequence(), seg.programDateTime());
            programDateTime(b, seg.programDateTime());
            b.append("#EXTINF:").append(String.format(Locale.ROOT, "%.3f", seg.durationMs() / 1000.0)).append(",\n");
            b.append(segmentUri(s.name(), seg)).append('\n');
        }
        if (s.endList()) {
            b.append("#EXT-X-ENDLIST\n");
        }
        return b.toString();
    }

    /** {@code #EXT-X-PROGRAM-DATE-TIME} of a segment (UTC, milliseconds), as every media playlist writes it. */
    public static void programDateTime(StringBuilder b, Instant at) {
        b.append("#EXT-X-PROGRAM-DATE-TIME:")
                .append(DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)))
                .append('\n');
    }
}
