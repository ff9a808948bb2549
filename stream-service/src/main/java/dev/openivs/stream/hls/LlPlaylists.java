package dev.openivs.stream.hls;

import java.util.List;
import java.util.Locale;

/**
 * The text of the low-latency HLS playlists (RFC 8216bis, version 9): fMP4 segments with {@code EXT-X-MAP},
 * {@code EXT-X-PART}s of the newest segments and of the one being written, {@code EXT-X-PRELOAD-HINT} for the next
 * part and {@code EXT-X-SERVER-CONTROL} announcing blocking playlist reload.
 */
public final class LlPlaylists {
    public static final int VERSION = 9;
    private LlPlaylists() {
    }

    /** A rendition's init segment file name. */
    public static String initName(String rendition) {
        return rendition + "-init.mp4";
    }

    /** Segment file name, relative to its session's directory. */
    public static String segmentName(String rendition, long msn) {
        return rendition + "-" + msn + ".m4s";
    }

    /** Partial segment file name, relative to its session's directory. */
    public static String partName(String rendition, long msn, int index) {
        return rendition + "-" + msn + "." + index + ".m4s";
    }

    public static String multivariant(LlHlsStream.Snapshot s, String mediaUri) {
        return Playlists.multivariant(VERSION, s.bandwidth(), s.width(), s.height(), s.codecs(), s.framerate(),
                mediaUri);
    }

    /** PART-HOLD-BACK: three part targets (the RFC asks for at least two, and recommends three). */
    public static double partHoldBack(LlHlsStream.Snapshot s) {
        return 3 * s.partTargetMs() / 1000.0;
    }

    /**
     * An {@code EXT-X-RENDITION-REPORT} (RFC 8216bis 4.4.5.4): the newest part of another rendition of the
     * multivariant playlist, so that a player switching to it can ask for the next one at once.
     */
    public record Report(String uri, long lastMsn, int lastPart) {
        /** The newest part of a rendition's snapshot, or null before it has one. */
        public static Report of(String uri, LlHlsStream.Snapshot s) {
            if (!s.currentParts().isEmpty()) {
                return new Report(uri, s.currentMsn(), s.currentParts().size() - 1);
            }
            if (s.segments().isEmpty()) {
                return null;
            }
            LlHlsStream.Segment last = s.segments().get(s.segments().size() - 1);
            return new Report(uri, last.msn(), Math.max(0, last.partCount() - 1));
        }
    }

    public static String media(LlHlsStream.Snapshot s) {
        return media(s, List.of(), List.of());
    }

    /**
     * The media playlist with the ad breaks' markers ({@link AdMarkers}), also before the current segment's parts,
     * and the reports of the other renditions while it is live.
     */
    public static String media(LlHlsStream.Snapshot s, List<AdMarkers.Marker> adMarkers, List<Report> reports) {
        List<LlHlsStream.Segment> segments = s.segments();
        StringBuilder b = new StringBuilder(512 + 160 * segments.size() + 96 * 8 * LlHlsStream.SEGMENTS_WITH_PARTS);
        b.append("#EXTM3U\n#EXT-X-VERSION:").append(VERSION).append('\n');
        b.append("#EXT-X-TARGETDURATION:").append(s.targetDuration()).append('\n');
        b.append("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=").append(seconds(partHoldBack(s)))
                .append('\n');
        b.append("#EXT-X-PART-INF:PART-TARGET=").append(seconds(s.partTargetMs() / 1000.0)).append('\n');
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(segments.isEmpty() ? s.currentMsn() : segments.get(0).msn())
                .append('\n');
        if (s.discontinuitySequence() > 0) {
            b.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(s.discontinuitySequence()).append('\n');
        }
        int firstWithParts = segments.size() - LlHlsStream.SEGMENTS_WITH_PARTS;
        String session = null;
        for (int i = 0; i < segments.size(); i++) {
            LlHlsStream.Segment seg = segments.get(i);
            session = map(b, session, seg.session(), s.name());
            AdMarkers.render(b, adMarkers, seg.msn(), seg.programDateTime());
            Playlists.programDateTime(b, seg.programDateTime());
            if (i >= firstWithParts) {
                parts(b, seg.session(), s.name(), seg.parts());
            }
            b.append("#EXTINF:").append(seconds(seg.durationMs() / 1000.0)).append(",\n");
            b.append(seg.session()).append('/').append(segmentName(s.name(), seg.msn())).append('\n');
        }
        if (!s.currentParts().isEmpty()) {
            map(b, session, s.session(), s.name());
            AdMarkers.render(b, adMarkers, s.currentMsn(), s.currentProgramDateTime());
            Playlists.programDateTime(b, s.currentProgramDateTime());
            parts(b, s.session(), s.name(), s.currentParts());
        }
        if (s.endList()) {
            b.append("#EXT-X-ENDLIST\n");
        } else if (!s.ended() && (s.session().equals(session) || !s.currentParts().isEmpty())) {
            // no hint across a discontinuity (the new session's first part needs its EXT-X-MAP listed first)
            b.append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"").append(s.session()).append('/')
                    .append(partName(s.name(), s.currentMsn(), s.currentParts().size())).append("\"\n");
        }
        if (!s.endList()) {
            for (Report r : reports) {
                b.append("#EXT-X-RENDITION-REPORT:URI=\"").append(r.uri()).append("\",LAST-MSN=").append(r.lastMsn())
                        .append(",LAST-PART=").append(r.lastPart()).append('\n');
            }
        }
        return b.toString();
    }

    /** EXT-X-MAP of the first session listed, EXT-X-DISCONTINUITY and the new EXT-X-MAP where the session changes. */
    private static String map(StringBuilder b, String previous, String session, String rendition) {
        if (session.equals(previous)) {
            return session;
        }
        if (previous != null) {
            b.append("#EXT-X-DISCONTINUITY\n");
        }
        b.append("#EXT-X-MAP:URI=\"").append(session).append('/').append(initName(rendition)).append("\"\n");
        return session;
    }

    private static void parts(StringBuilder b, String session, String rendition, List<LlHlsStream.Part> parts) {
        for (LlHlsStream.Part p : parts) {
            b.append("#EXT-X-PART:DURATION=").append(seconds(p.durationMs() / 1000.0)).append(",URI=\"")
                    .append(session).append('/').append(partName(rendition, p.msn(), p.index())).append('"');
            if (p.independent()) {
                b.append(",INDEPENDENT=YES");
            }
            b.append('\n');
        }
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
