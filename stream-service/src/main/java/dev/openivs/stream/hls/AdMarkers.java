package dev.openivs.stream.hls;

import dev.openivs.stream.format.ts.Scte35;
import dev.openivs.stream.media.AdBreak;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ad breaks (InsertAdBreak) of one channel's media playlist, and the tags that mark them, for ad stitchers
 * (AWS Elemental MediaTailor reads either form) and players:
 * <ul>
 * <li>before the break's first segment: {@code #EXT-X-DATERANGE} with {@code ID} (the adBreakId), {@code START-DATE}
 * (the segment's program date-time), {@code PLANNED-DURATION} and {@code SCTE35-OUT} (a splice_insert with
 * out_of_network_indicator 1 and the break_duration), then {@code #EXT-X-CUE-OUT:<seconds>};</li>
 * <li>before each further segment of the break: {@code #EXT-X-CUE-OUT-CONT:ElapsedTime=…,Duration=…};</li>
 * <li>before the first segment that starts at or after the planned end: the same {@code EXT-X-DATERANGE} (same ID and
 * START-DATE, RFC 8216bis 4.4.5.1) with {@code DURATION} (the real length, whole segments) and {@code SCTE35-IN}
 * (out_of_network_indicator 0), then {@code #EXT-X-CUE-IN}.</li>
 * </ul>
 * A break begins at a segment boundary at the live edge: the first segment not yet in any playlist (NORMAL: the one
 * being written; LOW: the next one, since the current one's parts are already listed). A new break while one is on
 * ends that one where the new one begins. Written on the stream's event loop; playlists read {@link #list()}.
 * The live packagers keep the last {@link #KEEP} breaks; a recording keeps every break of its playlist.
 */
public final class AdMarkers {
    /** Breaks kept by a live playlist: more than a playlist window can show at once. */
    static final int KEEP = 16;

    /**
     * One break: {@code firstSequence} is its first segment's media sequence number; {@code start} that segment's
     * program date-time once it began (null before); {@code endSequence} the first segment after the break once it
     * began (-1 before), {@code end} its program date-time.
     */
    public record Marker(AdBreak adBreak, long firstSequence, Instant start, long endSequence, Instant end) {
        Marker started(Instant at) {
            return new Marker(adBreak, firstSequence, at, endSequence, end);
        }

        Marker ended(long sequence, Instant at) {
            return new Marker(adBreak, firstSequence, start, sequence, at);
        }

        boolean open() {
            return endSequence < 0;
        }
    }

    private final int keep;
    private volatile List<Marker> markers = List.of();

    /** The breaks of a live playlist (the last {@link #KEEP}). */
    public AdMarkers() {
        this(KEEP);
    }

    /** Keeps the last {@code keep} breaks (a recording: all of them its playlist lists). */
    public AdMarkers(int keep) {
        this.keep = keep;
    }

    /** The breaks, oldest first (immutable). */
    public List<Marker> list() {
        return markers;
    }

    /** A reconnect continues the channel's playlist, and its breaks with it. */
    void continueFrom(AdMarkers previous) {
        continueFrom(previous.markers);
    }

    /** Continues a playlist that had these breaks (a recording handed over from another stream or replica). */
    public void continueFrom(List<Marker> previous) {
        markers = List.copyOf(previous);
    }

    /** The break begins with segment {@code firstSequence} (not yet begun). */
    public void insert(AdBreak adBreak, long firstSequence) {
        List<Marker> next = new ArrayList<>(markers);
        next.add(new Marker(adBreak, firstSequence, null, -1, null));
        while (next.size() > keep) {
            next.remove(0);
        }
        markers = List.copyOf(next);
    }

    /** Segment {@code sequence} began at {@code at}: starts the breaks beginning there, ends those it completes. */
    public void segmentStarted(long sequence, Instant at) {
        if (markers.isEmpty()) {
            return;
        }
        boolean breakBegins = markers.stream().anyMatch(m -> m.firstSequence() == sequence && m.start() == null);
        List<Marker> next = new ArrayList<>(markers.size());
        for (Marker m : markers) {
            if (m.start() == null && m.firstSequence() <= sequence) {
                m = m.started(at);
            } else if (m.start() != null && m.open() && sequence > m.firstSequence()
                    && (breakBegins || !at.isBefore(m.start().plusSeconds(m.adBreak().durationSeconds())))) {
                m = m.ended(sequence, at);
            }
            next.add(m);
        }
        markers = List.copyOf(next);
    }

    /** The tags to write before segment {@code sequence} (program date-time {@code at}) of a media playlist. */
    public static void render(StringBuilder b, List<Marker> markers, long sequence, Instant at) {
        for (Marker m : markers) {
            if (m.start() != null && m.endSequence() == sequence) {
                double seconds = Duration.between(m.start(), m.end()).toMillis() / 1000.0;
                dateRange(b, m).append(",DURATION=").append(seconds(seconds)).append(",SCTE35-IN=")
                        .append(Scte35.hex(Scte35.spliceIn(m.adBreak().eventId()))).append('\n');
                b.append("#EXT-X-CUE-IN\n");
            }
        }
        for (Marker m : markers) {
            if (m.start() == null) {
                continue;
            }
            int duration = m.adBreak().durationSeconds();
            if (m.firstSequence() == sequence) {
                dateRange(b, m).append(",PLANNED-DURATION=").append(seconds(duration)).append(",SCTE35-OUT=")
                        .append(Scte35.hex(Scte35.spliceOut(m.adBreak().eventId(), duration))).append('\n');
                b.append("#EXT-X-CUE-OUT:").append(duration).append('\n');
            } else if (sequence > m.firstSequence() && (m.open() || sequence < m.endSequence())) {
                double elapsed = Duration.between(m.start(), at).toMillis() / 1000.0;
                b.append("#EXT-X-CUE-OUT-CONT:ElapsedTime=").append(seconds(elapsed)).append(",Duration=")
                        .append(duration).append('\n');
            }
        }
    }

    private static StringBuilder dateRange(StringBuilder b, Marker m) {
        return b.append("#EXT-X-DATERANGE:ID=\"").append(m.adBreak().id()).append("\",START-DATE=\"")
                .append(DateTimeFormatter.ISO_INSTANT.format(m.start().truncatedTo(ChronoUnit.MILLIS))).append('"');
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
