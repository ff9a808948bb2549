package dev.openivs.stream.recording;

import dev.openivs.stream.hls.AdMarkers;
import dev.openivs.stream.hls.Playlists;
import dev.openivs.stream.media.AdBreak;
import dev.openivs.stream.transcode.Rendition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One rendition of a recording ({@code media/hls/{rendition}/}): its segments so far, their playlists and the
 * rendition's multivariant entry. Each recorded rendition is cut and stored on its own (its own segmenter in
 * {@link RecordingSink}, its own segment files and playlists here), so what a rendition's segments are made of is
 * decided per rendition. Guarded by its {@link Recording}'s lock.
 */
final class RecordedRendition {
    final Rendition rendition;
    private final long declaredBandwidth;
    private final List<RecordedPlaylists.Segment> segments = new ArrayList<>();
    /** The ad breaks marked in its playlists (each rendition at its own segment boundaries). */
    private final AdMarkers adMarkers = new AdMarkers(Recording.MAX_AD_BREAKS);
    private String codecs;
    private long peakBandwidth;
    private int stream = -1;
    private int playlistVersion;
    /** FRAGMENTED_MP4: the init segment of the current stream and its file name. */
    private byte[] lastInit;
    private String initName;

    /** What a replica continuing the recording needs of the rendition ({@link RecordingState}). */
    record State(Rendition rendition, long declaredBandwidth, String codecs, List<RecordedPlaylists.Segment> segments,
            long peakBandwidth, List<AdMarkers.Marker> adBreaks) {
    }

    /** @param declaredBandwidth bit/s the encoder declared (source) or the rung's target, 0 if unknown */
    RecordedRendition(Rendition rendition, long declaredBandwidth) {
        this.rendition = rendition;
        this.declaredBandwidth = declaredBandwidth;
    }

    /** A rendition continued from a recording's state: its segments so far are of the recording's stream 0. */
    RecordedRendition(State state) {
        this(state.rendition(), state.declaredBandwidth());
        this.codecs = state.codecs();
        this.segments.addAll(state.segments());
        this.peakBandwidth = state.peakBandwidth();
        if (state.adBreaks() != null) {
            this.adMarkers.continueFrom(state.adBreaks());
        }
        this.stream = segments.isEmpty() ? -1 : 0;
    }

    State state() {
        return new State(rendition, declaredBandwidth, codecs, List.copyOf(segments), peakBandwidth,
                adMarkers.list());
    }

    String name() {
        return rendition.name();
    }

    /**
     * Adds a finished segment of the recording's {@code stream}-th stream; the first one of a later stream is a
     * discontinuity (a reconnect continued the recording).
     */
    RecordedPlaylists.Segment add(byte[] data, long durationMs, String codecs, int stream, Instant programDateTime) {
        boolean discontinuity = this.stream >= 0 && stream != this.stream;
        this.stream = stream;
        if (this.codecs == null) {
            this.codecs = codecs;
        }
        RecordedPlaylists.Segment seg = new RecordedPlaylists.Segment(segments.size(), durationMs, data.length,
                discontinuity, programDateTime, lastInit == null ? null : initName);
        adMarkers.segmentStarted(seg.index(), programDateTime);
        segments.add(seg);
        peakBandwidth = Math.max(peakBandwidth, data.length * 8000L / Math.max(1, durationMs));
        playlistVersion++;
        return seg;
    }

    /** InsertAdBreak: the break begins with the segment this rendition is writing (the next one it adds). */
    void adBreak(AdBreak adBreak) {
        adMarkers.insert(adBreak, segments.size());
    }

    List<AdMarkers.Marker> adBreaks() {
        return adMarkers.list();
    }

    /**
     * FRAGMENTED_MP4: the init segment of the next segment; true when it is a new one (the stream's first), to be
     * stored as {@link RecordingLayout#initName} of the next segment's index. False for MPEG-TS (null).
     */
    boolean takesInit(byte[] init) {
        if (init == null || init == lastInit) {
            return false;
        }
        lastInit = init;
        initName = RecordingLayout.initName(segments.size());
        return true;
    }

    /** Whether its segments are CMAF ({@code .m4s} after an init segment) rather than MPEG-TS. */
    private boolean fmp4() {
        return !segments.isEmpty() && segments.get(0).init() != null;
    }

    boolean hasSegments() {
        return !segments.isEmpty();
    }

    List<RecordedPlaylists.Segment> segments() {
        return List.copyOf(segments);
    }

    int playlistVersion() {
        return playlistVersion;
    }

    /** The key of a segment, relative to the recording's prefix. */
    String segmentKey(int index) {
        return RecordingLayout.segmentKey(name(), index, fmp4() ? "m4s" : "ts");
    }

    /** The content type of its segments. */
    String contentType() {
        return fmp4() ? "video/mp4" : "video/MP2T";
    }

    /** The key of one of its playlists ({@link RecordingLayout#PLAYLIST}, {@link RecordingLayout#BYTE_RANGE_PLAYLIST}). */
    String playlistKey(String playlist) {
        return RecordingLayout.HLS + "/" + name() + "/" + playlist;
    }

    /** Its entry in the recording's multivariant playlists, pointing at {@code playlist}. */
    Playlists.Variant entry(String playlist) {
        long bandwidth = Math.max(peakBandwidth, declaredBandwidth);
        return new Playlists.Variant(name(), bandwidth, bandwidth, rendition.width(),
                rendition.height(), codecs, rendition.fps(), name() + "/" + playlist);
    }
}
