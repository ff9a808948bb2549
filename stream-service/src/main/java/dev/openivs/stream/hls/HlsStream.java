package dev.openivs.stream.hls;

import dev.openivs.stream.format.ts.Id3;
import dev.openivs.stream.media.AacConfig;
import dev.openivs.stream.media.AdBreak;
import dev.openivs.stream.media.AudioFrame;
import dev.openivs.stream.media.Segmenter;
import dev.openivs.stream.media.VideoConfig;
import dev.openivs.stream.media.EncoderMetadata;
import dev.openivs.stream.media.MediaBytes;
import dev.openivs.stream.media.MediaSink;
import dev.openivs.stream.media.StreamDescriptor;
import dev.openivs.stream.media.VideoFrame;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The HLS packager of one live stream: remuxes the ingested video and AAC (no transcoding) into segments held in
 * memory, cut at keyframes once the target duration is reached, in a sliding window: MPEG-TS (H.264), or CMAF
 * (H.264, HEVC, AV1; an init segment per session) on {@code containerFormat: FRAGMENTED_MP4} channels
 * ({@link SegmentContainer}). Media arrives on the ingest
 * connection's event loop; HTTP handlers read the immutable {@link Snapshot} published after every finished segment.
 */
public final class HlsStream implements RenditionStream {
    /**
     * A finished segment: {@code sequence} is its media sequence number, {@code bytes} the TS or CMAF bytes,
     * {@code init} its session's init segment (CMAF; null for TS), {@code session} the stream session (streamId) that
     * wrote it, also the directory it is served from.
     */
    public record Segment(long sequence, long durationMs, Instant programDateTime, MediaBytes bytes, Instant readyAt,
            String session, byte[] init) implements Playlists.Sized {
        /** A copy of the segment's bytes in one array (tests; HTTP responses use {@link #bytes()}). */
        public byte[] data() {
            return bytes.toArray();
        }

        /** The segment's file extension: {@code m4s} (CMAF) or {@code ts}. */
        public String extension() {
            return init != null ? "m4s" : "ts";
        }

        @Override
        public int size() {
            return bytes.length();
        }
    }

    /**
     * What the playlists are written from; immutable. {@code segments} are listed, possibly starting with those of
     * the channel's previous sessions (a reconnect continues the playlist); {@code retired} ones left the window but
     * are still served for a while (RFC 8216 6.2.2: a player that read an older playlist may still ask).
     * {@code discontinuitySequence} counts the session changes up to the first listed segment; {@code ended}: no
     * more media will come from this session; {@code endList}: the playlist is final (EXT-X-ENDLIST).
     */
    public record Snapshot(String session, List<Segment> segments, List<Segment> retired, long nextSequence,
            long discontinuitySequence, int targetDuration, String codecs, int width, int height, double framerate,
            long bandwidth, boolean ended, boolean endList, String name) {
        /** Segment {@code sequence} when session {@code session} wrote it. */
        public Segment segment(String session, long sequence) {
            for (List<Segment> list : List.of(segments, retired)) {
                for (Segment s : list) {
                    if (s.sequence() == sequence) {
                        return s.session().equals(session) ? s : null;
                    }
                }
            }
            return null;
        }

        /** The init segment of session {@code session} (CMAF) while segments of it are served, else null. */
        public byte[] init(String session) {
            for (List<Segment> list : List.of(segments, retired)) {
                for (Segment s : list) {
                    if (s.session().equals(session) && s.init() != null) {
                        return s.init();
                    }
                }
            }
            return null;
        }

        /** Whether this session has finished a segment (before that, only previous sessions' ones are listed). */
        public boolean started() {
            return !segments.isEmpty() && segments.get(segments.size() - 1).session().equals(session);
        }

        Snapshot ended(boolean endList) {
            return new Snapshot(session, segments, retired, nextSequence, discontinuitySequence, targetDuration,
                    codecs, width, height, framerate, bandwidth, true, endList, name);
        }
    }

    private final StreamDescriptor descriptor;
    private final String name;
    private final int window;
    private final LongSupplier clock;
    private final Segmenter segmenter;
    private final List<Segment> segments = new ArrayList<>();
    private final List<Segment> retired = new ArrayList<>();
    private final AdMarkers adMarkers = new AdMarkers();
    private volatile Snapshot snapshot;

    private Map<String, Object> metadata;
    private long nextSequence;
    private long discontinuitySequence;
    private int targetDuration;
    private long wallAtFirstDts = -1;
    private long firstDts;
    private boolean ended;
    private Runnable onEnded = () -> { };
    private RetiredSegments retiredTo;
    private HlsStream timeline;
    /** Where this stream's newest segments start (media ms), for an audio-only rendition to cut at. */
    private final java.util.ArrayDeque<Long> segmentStarts = new java.util.ArrayDeque<>();
    private static final int SEGMENT_STARTS = 64;
    private boolean audioOnly;
    /** Audio-only: where the segment being written starts (MIN_VALUE before the first). */
    private long audioSegmentStart = Long.MIN_VALUE;

    /**
     * @param targetMs segment target (a segment is cut at the first keyframe at least this far from its start)
     * @param window finished segments listed (as many again, plus one, stay available after leaving the list)
     * @param maxSegmentBytes a segment this large is cut even without a keyframe (bounds memory)
     * @param clock wall clock in ms (PROGRAM-DATE-TIME)
     */
    public HlsStream(StreamDescriptor descriptor, int targetMs, int window, int maxSegmentBytes, LongSupplier clock) {
        this(descriptor, Playlists.SOURCE_NAME, targetMs, window, maxSegmentBytes, clock);
    }

    /**
     * A rendition's packager: {@code name} is the prefix of its media playlist and segment files ({@code source} for
     * the source rendition, else the rendition id, e.g. {@code 480p30}).
     */
    public HlsStream(StreamDescriptor descriptor, String name, int targetMs, int window, int maxSegmentBytes,
            LongSupplier clock) {
        this.descriptor = descriptor;
        this.name = name;
        this.window = window;
        this.clock = clock;
        this.segmenter = SegmentContainer.segmenter(descriptor, targetMs, maxSegmentBytes, this::finish);
        this.targetDuration = Math.max(1, (int) Math.round(targetMs / 1000.0));
        this.snapshot = new Snapshot(descriptor.streamId(), List.of(), List.of(), 0, 0, targetDuration, null, 0, 0,
                0, 0, false, false, name);
    }

    /**
     * Continues the media playlist of the channel's previous session (a reconnect): its listed and retired segments
     * stay, this session's segments continue its media sequence numbers after an EXT-X-DISCONTINUITY. Call before
     * the first media.
     */
    public void continueFrom(HlsStream previous) {
        Snapshot p = previous.snapshot();
        segments.addAll(p.segments());
        retired.addAll(p.retired());
        adMarkers.continueFrom(previous.adMarkers);
        nextSequence = p.nextSequence();
        discontinuitySequence = p.discontinuitySequence();
        // EXT-X-TARGETDURATION may not change in a playlist, also across the sessions it lists
        targetDuration = Math.max(targetDuration, p.targetDuration());
        snapshot = new Snapshot(descriptor.streamId(), p.segments(), p.retired(), nextSequence, discontinuitySequence,
                targetDuration, p.codecs(), p.width(), p.height(), p.framerate(), p.bandwidth(), false, false, name);
    }

    /**
     * A transcoded rendition of {@code source}: its PROGRAM-DATE-TIMEs are computed from the source's clock anchor
     * (the same media time has the same date in every rendition, whatever the transcoding delay), and, when the
     * channel had no such rendition before, its media sequence numbers start where the source's do. Call before
     * the first media.
     */
    public void renditionOf(HlsStream source, boolean continued) {
        this.timeline = source;
        if (!continued) {
            Snapshot p = source.snapshot();
            nextSequence = p.nextSequence();
            discontinuitySequence = p.discontinuitySequence();
            targetDuration = Math.max(targetDuration, p.targetDuration());
            snapshot = new Snapshot(descriptor.streamId(), List.of(), List.of(), nextSequence, discontinuitySequence,
                    targetDuration, null, 0, 0, 0, 0, false, false, name);
        }
    }

    /**
     * An audio-only rendition of {@code source} ({@link #renditionOf}): the audio it is given is cut where the
     * source's segments start, so its segments have the video renditions' boundaries, sequence numbers and
     * PROGRAM-DATE-TIMEs. False when the channel's container does not carry audio-only segments (nothing changed).
     */
    public boolean audioOnlyOf(HlsStream source, boolean continued) {
        if (!segmenter.audioOnly()) {
            return false;
        }
        audioOnly = true;
        renditionOf(source, continued);
        return true;
    }

    /** The first start of one of this stream's segments after {@code after}, or MIN_VALUE if none yet. */
    private long segmentStartAfter(long after) {
        for (long start : segmentStarts) {
            if (start > after) {
                return start;
            }
        }
        return Long.MIN_VALUE;
    }

    private void startedSegment(long startDts) {
        segmentStarts.addLast(startDts);
        while (segmentStarts.size() > SEGMENT_STARTS) {
            segmentStarts.removeFirst();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean listable() {
        return snapshot.started();
    }

    @Override
    public Playlists.Variant variant(String id, String uri) {
        Snapshot s = snapshot;
        return new Playlists.Variant(id, s.bandwidth(), Playlists.average(s.segments(), s.bandwidth()), s.width(),
                s.height(), s.codecs(), s.framerate(), uri);
    }

    /** Called once when the stream ends (the packager ends its playlist, and forgets it later). */
    public void onEnded(Runnable onEnded) {
        this.onEnded = onEnded;
    }

    public StreamDescriptor descriptor() {
        return descriptor;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** The ad breaks of this playlist (read after {@link #snapshot()}: never older than it). */
    public List<AdMarkers.Marker> adMarkers() {
        return adMarkers.list();
    }

    @Override
    public void onMetadata(Map<String, Object> metadata) {
        this.metadata = metadata;
    }

    @Override
    public void onVideoConfig(VideoConfig config, long timestamp) {
        segmenter.videoConfig(config);
    }

    @Override
    public void onAudioConfig(AacConfig config, long timestamp) {
        segmenter.audioConfig(config);
    }

    @Override
    public void onVideo(VideoFrame frame) {
        if (ended || !segmenter.accepts(frame)) {
            return; // playback starts at a keyframe
        }
        if (wallAtFirstDts < 0) {
            wallAtFirstDts = clock.getAsLong();
            firstDts = frame.dts();
            startedSegment(firstDts);
        }
        segmenter.video(frame);
    }

    @Override
    public void onAudio(AudioFrame frame) {
        if (ended) {
            return;
        }
        if (audioOnly && timeline != null) { // cut where the source's segments start
            long next;
            while ((next = timeline.segmentStartAfter(audioSegmentStart)) != Long.MIN_VALUE
                    && frame.timestamp() >= next) {
                segmenter.cut(next);
                audioSegmentStart = next;
            }
        }
        segmenter.audio(frame);
    }

    /** A PutMetadata payload: an ID3 tag at the live edge (the newest video DTS) of the segment being written. */
    @Override
    public void onTimedMetadata(String payload, Instant acceptedAt) {
        if (ended) {
            return;
        }
        segmenter.id3(Id3.txxx(payload));
    }

    /** InsertAdBreak: the break begins with the segment being written (not yet in any playlist). */
    @Override
    public void onAdBreak(AdBreak adBreak) {
        if (!ended) {
            adMarkers.insert(adBreak, nextSequence);
        }
    }

    @Override
    public void onEnd() {
        if (ended) {
            return;
        }
        ended = true;
        segmenter.discard();
        // the segments stay served: players keep the playlist until it ends or the next session continues it
        snapshot = snapshot.ended(false);
        onEnded.run();
    }

    /** Segments that leave the playlist are moved to files there (else they stay in memory until dropped). */
    public void retireTo(RetiredSegments retiredSegments) {
        this.retiredTo = retiredSegments;
    }

    /** After {@link #onEnd}: the playlist is final (EXT-X-ENDLIST) unless a new session continued it meanwhile. */
    public void endList() {
        snapshot = snapshot.ended(true);
    }

    private void finish(MediaBytes ts, byte[] init, long startDts, long duration, int frames) {
        startedSegment(startDts + duration);
        HlsStream clockOf = timeline != null && timeline.wallAtFirstDts >= 0 ? timeline : this;
        Instant pdt = Instant.ofEpochMilli(clockOf.wallAtFirstDts + (startDts - clockOf.firstDts));
        adMarkers.segmentStarted(nextSequence, pdt);
        segments.add(new Segment(nextSequence++, duration, pdt, ts, Instant.ofEpochMilli(clock.getAsLong()),
                descriptor.streamId(), init));
        while (segments.size() > window) {
            Segment gone = segments.remove(0);
            retired.add(gone);
            if (retiredTo != null) {
                retiredTo.retire(gone.bytes());
            }
            if (!gone.session().equals(segments.get(0).session())) {
                discontinuitySequence++; // the EXT-X-DISCONTINUITY before the new first segment leaves the playlist
            }
        }
        // served for the duration of a whole playlist plus one segment after leaving it
        while (retired.size() > window + 1) {
            Segment dropped = retired.remove(0);
            if (retiredTo != null) {
                retiredTo.drop(dropped.bytes());
            }
        }
        // EXT-X-TARGETDURATION may not change during the stream: it only grows to the longest segment seen
        targetDuration = Math.max(targetDuration, (int) Math.round(duration / 1000.0));
        snapshot = new Snapshot(descriptor.streamId(), List.copyOf(segments), List.copyOf(retired), nextSequence,
                discontinuitySequence, targetDuration, codecs(), size(0, "width"), size(1, "height"), framerate(),
                bandwidth(), false, false, name);
    }

    private String codecs() {
        return segmenter.codecs();
    }

    /** The encoder's declared width or height, else the one its sequence header codes. */
    private int size(int index, String key) {
        int declared = number(key);
        int[] coded = declared > 0 || segmenter.video() == null ? null : segmenter.video().size();
        return coded != null ? coded[index] : declared;
    }

    private int number(String key) {
        return EncoderMetadata.number(metadata, key);
    }

    private double framerate() {
        return EncoderMetadata.framerate(metadata);
    }

    /** Peak segment bitrate in the window (what BANDWIDTH means), at least the declared one. */
    private long bandwidth() {
        long peak = 0;
        for (Segment s : segments) {
            peak = Math.max(peak, s.size() * 8000L / s.durationMs());
        }
        return Math.max(peak, EncoderMetadata.declaredBandwidth(metadata));
    }

    /** Milliseconds of media in the segment being written (diagnostics). */
    long pendingMs() {
        return segmenter.pendingMs();
    }
}
