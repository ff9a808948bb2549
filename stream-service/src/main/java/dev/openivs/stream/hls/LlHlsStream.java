package dev.openivs.stream.hls;

import dev.openivs.stream.format.fmp4.Fmp4Muxer;
import dev.openivs.stream.format.ts.Id3;
import dev.openivs.stream.media.AacConfig;
import dev.openivs.stream.media.MediaBytes;
import dev.openivs.stream.media.AdBreak;
import dev.openivs.stream.media.AudioFrame;
import dev.openivs.stream.media.EncoderMetadata;
import dev.openivs.stream.media.MediaSink;
import dev.openivs.stream.media.StreamDescriptor;
import dev.openivs.stream.media.VideoConfig;
import dev.openivs.stream.media.VideoFrame;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * The low-latency HLS packager of one live stream ({@code latencyMode: LOW}): remuxes the ingested video (H.264, or
 * HEVC/AV1 on FRAGMENTED_MP4 channels) and AAC (no
 * transcoding) into fMP4/CMAF held in memory: an init segment, partial segments of about the part target (cut
 * before a part would exceed it) and full segments cut at keyframes once the segment target is reached, in a sliding
 * window. Media arrives on the ingest connection's event loop; HTTP handlers read the immutable {@link Snapshot}
 * published after every finished part, and requests parked for a future part ({@link #await}) are woken then.
 */
public final class LlHlsStream implements RenditionStream {
    /** Finished segments whose parts stay listed in the playlist (RFC 8216bis 4.4.4.9: about 3 target durations). */
    static final int SEGMENTS_WITH_PARTS = 3;
    /** Audio frames held for one part at most (~23 s of AAC at 44.1 kHz): bounds memory when video stalls. */
    static final int MAX_PART_AUDIO_FRAMES = 1000;

    /**
     * A partial segment: part {@code index} of segment {@code msn}; {@code data} is one moof+mdat fragment,
     * {@code readyAtMs} when it was written (wall clock).
     */
    public record Part(long msn, int index, long durationMs, boolean independent, byte[] data, long readyAtMs) {
    }

    /**
     * A finished segment: its parts ({@code parts} empty once they are no longer served), {@code partCount} of them,
     * and {@code bytes}, those of all its parts in order (the parts' own arrays, not a copy: the bytes of a segment
     * are held once; moved to a file once the segment is retired, see {@link RetiredSegments}); {@code session} is the stream session (streamId) that wrote it,
     * also the directory it is served from, and {@code init} that session's init segment.
     */
    public record Segment(long msn, long durationMs, Instant programDateTime, List<Part> parts, int partCount,
            MediaBytes bytes, String session, byte[] init, long readyAtMs)
            implements Playlists.Sized {
        Segment withoutParts() {
            return new Segment(msn, durationMs, programDateTime, List.of(), partCount, bytes, session, init,
                    readyAtMs);
        }

        /** The segment's bytes in one array (a copy of its parts' bytes). */
        public byte[] data() {
            return bytes.toArray();
        }

        @Override
        public int size() {
            return bytes.length();
        }
    }

    /**
     * What the playlists are written from; immutable. {@code session} and {@code init} are this stream session's,
     * {@code current*} describe the segment it is writing (its finished parts). {@code segments} may start with
     * those of the channel's previous sessions (a reconnect continues the playlist); {@code retired} segments left
     * the window but are still served for a while. {@code discontinuitySequence} counts the session changes up to
     * the first listed segment; {@code ended}: no more media from this session; {@code endList}: the playlist is
     * final (EXT-X-ENDLIST).
     */
    public record Snapshot(String session, byte[] init, long initAtMs, List<Segment> segments, List<Segment> retired,
            long discontinuitySequence, long currentMsn, Instant currentProgramDateTime, List<Part> currentParts,
            int targetDuration, int partTargetMs, String codecs, int width, int height, double framerate,
            long bandwidth, boolean ended, boolean endList, String name) {

        /** Playable once the init segment and a first full segment exist. */
        public boolean playable() {
            return !ended && init != null && !segments.isEmpty();
        }

        /** Segment {@code msn} if session {@code session} wrote it. */
        public Segment segment(String session, long msn) {
            for (List<Segment> list : List.of(segments, retired)) {
                for (Segment s : list) {
                    if (s.msn() == msn) {
                        return s.session().equals(session) ? s : null;
                    }
                }
            }
            return null;
        }

        /** Part {@code index} of segment {@code msn} if session {@code session} wrote it. */
        public Part part(String session, long msn, int index) {
            if (msn == currentMsn) {
                return session.equals(this.session) && index < currentParts.size() ? currentParts.get(index) : null;
            }
            Segment s = segment(session, msn);
            return s != null && index < s.parts().size() ? s.parts().get(index) : null;
        }

        /** The init segment of session {@code session} while segments of it are served. */
        public byte[] init(String session) {
            if (session.equals(this.session)) {
                return init;
            }
            for (List<Segment> list : List.of(segments, retired)) {
                for (Segment s : list) {
                    if (s.session().equals(session)) {
                        return s.init();
                    }
                }
            }
            return null;
        }

        Snapshot ended(boolean endList) {
            return new Snapshot(session, init, initAtMs, segments, retired, discontinuitySequence, currentMsn,
                    currentProgramDateTime, currentParts, targetDuration, partTargetMs, codecs, width, height,
                    framerate, bandwidth, true, endList, name);
        }

        /** Media sequence number of the newest finished segment, -1 before the first. */
        public long lastCompleteMsn() {
            return segments.isEmpty() ? -1 : segments.get(segments.size() - 1).msn();
        }

        /**
         * True once the playlist holds segment {@code msn} (when {@code part < 0}) or part {@code part} of segment
         * {@code msn} or a later part (RFC 8216bis 6.2.5.2, blocking playlist reload).
         */
        public boolean reached(long msn, int part) {
            if (part < 0) {
                return lastCompleteMsn() >= msn;
            }
            long newestMsn;
            int newestPart;
            if (!currentParts.isEmpty()) {
                newestMsn = currentMsn;
                newestPart = currentParts.size() - 1;
            } else if (!segments.isEmpty()) {
                Segment last = segments.get(segments.size() - 1);
                newestMsn = last.msn();
                newestPart = last.partCount() - 1;
            } else {
                return false;
            }
            return newestMsn > msn || (newestMsn == msn && newestPart >= part);
        }
    }

    /** A request parked until a part exists: {@link #ready()} runs once, on the ingest event loop. */
    public interface Waiter {
        long msn();

        /** Part index, or -1 to wait for the whole segment. */
        int part();

        void ready();

        /** The channel's next session took the wait over ({@link #continueFrom}): it is answered from there. */
        default void movedTo(LlHlsStream stream) {
        }
    }

    private final StreamDescriptor descriptor;
    private final int targetMs;
    private final int partTargetMs;
    private final int window;
    private final int maxSegmentBytes;
    private final LongSupplier clock;
    private final List<Segment> segments = new ArrayList<>();
    private final List<Segment> retired = new ArrayList<>();
    private RetiredSegments retiredTo;
    private final AdMarkers adMarkers = new AdMarkers();
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private volatile Snapshot snapshot;

    private VideoConfig avc;
    private AacConfig aac;
    private Map<String, Object> metadata;
    private Fmp4Muxer muxer;
    private byte[] init;
    private final List<VideoFrame> partVideo = new ArrayList<>();
    private final List<AudioFrame> partAudio = new ArrayList<>();
    private final List<Fmp4Muxer.Event> partEvents = new ArrayList<>();
    private long partAudioTime = -1;
    private final Fmp4Muxer.AudioClock audioClock = new Fmp4Muxer.AudioClock();
    private List<Part> currentParts = new ArrayList<>();
    private long currentMsn;
    private long segmentStartDts;
    private long segmentBytes;
    private long partStartDts;
    private long partBytes;
    private long lastVideoDts;
    private long fragmentSequence = 1;
    private long discontinuitySequence;
    private String codecs;
    private long eventId;
    private int targetDuration;
    private int width;
    private int height;
    private long wallAtFirstDts = -1;
    private long firstDts;
    /** The session's first DTS (ms): fMP4 decode time 0 for video and audio alike, whatever the encoder sent. */
    private long origin;
    private boolean ended;
    private Runnable onEnded = () -> { };
    private final String name;
    private LlHlsStream timeline;
    /** Where this stream's newest parts start (for an audio-only rendition to cut at), oldest first. */
    private final java.util.ArrayDeque<Boundary> boundaries = new java.util.ArrayDeque<>();
    private static final int BOUNDARIES = 96;
    private boolean audioOnly;

    /** A part start: media ms, the segment's media sequence number, the part's index in it (0: a segment start). */
    private record Boundary(long startDts, long msn, int part) {
    }

    /**
     * @param targetMs segment target (a segment is cut at the first keyframe at least this far from its start)
     * @param partTargetMs part target: a part is cut before it would grow longer than this
     * @param window finished segments listed (as many again, plus one, stay available after leaving the list)
     * @param maxSegmentBytes a segment this large is cut even without a keyframe (bounds memory)
     * @param clock wall clock in ms (PROGRAM-DATE-TIME)
     */
    public LlHlsStream(StreamDescriptor descriptor, int targetMs, int partTargetMs, int window, int maxSegmentBytes,
            LongSupplier clock) {
        this(descriptor, Playlists.SOURCE_NAME, targetMs, partTargetMs, window, maxSegmentBytes, clock);
    }

    /** A rendition's packager: {@code name} prefixes its playlist and files ({@code source} or the rendition id). */
    public LlHlsStream(StreamDescriptor descriptor, String name, int targetMs, int partTargetMs, int window,
            int maxSegmentBytes, LongSupplier clock) {
        this.descriptor = descriptor;
        this.name = name;
        this.targetMs = targetMs;
        this.partTargetMs = partTargetMs;
        this.window = window;
        this.maxSegmentBytes = maxSegmentBytes;
        this.clock = clock;
        this.targetDuration = Math.max(1, (int) Math.round(targetMs / 1000.0));
        this.snapshot = new Snapshot(descriptor.streamId(), null, 0, List.of(), List.of(), 0, 0, null, List.of(),
                targetDuration, partTargetMs, null, 0, 0, 0, 0, false, false, name);
    }

    /** Segments that leave the playlist are moved to files there (else they stay in memory until dropped). */
    public void retireTo(RetiredSegments retiredSegments) {
        this.retiredTo = retiredSegments;
    }

    /**
     * Continues the media playlist of the channel's previous session (a reconnect): its listed and retired segments
     * stay, this session's segments continue its media sequence numbers after an EXT-X-DISCONTINUITY and a new
     * EXT-X-MAP, and the blocking requests parked on it are answered from this one. Call before the first media.
     */
    public void continueFrom(LlHlsStream previous) {
        Snapshot p = previous.snapshot();
        segments.addAll(p.segments());
        adMarkers.continueFrom(previous.adMarkers);
        retired.addAll(p.retired());
        currentMsn = p.currentMsn();
        discontinuitySequence = p.discontinuitySequence();
        // EXT-X-TARGETDURATION may not change in a playlist, also across the sessions it lists
        targetDuration = Math.max(targetDuration, p.targetDuration());
        width = p.width();
        height = p.height();
        codecs = p.codecs();
        snapshot = new Snapshot(descriptor.streamId(), null, 0, p.segments(), p.retired(), discontinuitySequence,
                currentMsn, null, List.of(), targetDuration, partTargetMs, codecs, width, height, p.framerate(),
                p.bandwidth(), false, false, name);
        for (Waiter w = previous.waiters.poll(); w != null; w = previous.waiters.poll()) {
            w.movedTo(this);
            waiters.add(w);
        }
    }

    public void onEnded(Runnable onEnded) {
        this.onEnded = onEnded;
    }

    /**
     * A transcoded rendition of {@code source}: decode times, PROGRAM-DATE-TIMEs and (when the channel had no such
     * rendition before) media sequence numbers follow the source's, so segments and parts line up across renditions.
     * Call before the first media.
     */
    public void renditionOf(LlHlsStream source, boolean continued) {
        this.timeline = source;
        if (!continued) {
            Snapshot p = source.snapshot();
            currentMsn = p.currentMsn();
            discontinuitySequence = p.discontinuitySequence();
            targetDuration = Math.max(targetDuration, p.targetDuration());
            snapshot = new Snapshot(descriptor.streamId(), null, 0, List.of(), List.of(), discontinuitySequence,
                    currentMsn, null, List.of(), targetDuration, partTargetMs, null, 0, 0, 0, 0, false, false, name);
        }
    }

    /**
     * An audio-only rendition of {@code source} ({@link #renditionOf}): fMP4 parts and segments of the AAC track
     * alone, cut where the source's parts and segments start, so they carry the video renditions' media sequence
     * numbers, part indices, durations and PROGRAM-DATE-TIMEs. Every part is independent (each AAC frame is).
     */
    public boolean audioOnlyOf(LlHlsStream source, boolean continued) {
        renditionOf(source, continued);
        audioOnly = true;
        return true;
    }

    private void boundary(long startDts) {
        boundaries.addLast(new Boundary(startDts, currentMsn, currentParts.size()));
        while (boundaries.size() > BOUNDARIES) {
            boundaries.removeFirst();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean listable() {
        Snapshot s = snapshot;
        return s.playable() && s.segments().get(s.segments().size() - 1).session().equals(s.session());
    }

    @Override
    public Playlists.Variant variant(String id, String uri) {
        Snapshot s = snapshot;
        return new Playlists.Variant(id, s.bandwidth(), Playlists.average(s.segments(), s.bandwidth()), s.width(),
                s.height(), s.codecs(), s.framerate(), uri);
    }

    public StreamDescriptor descriptor() {
        return descriptor;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /**
     * Parks {@code waiter} until {@link Snapshot#reached} holds for it or the playlist ends; runs it at once when
     * that is already so. Returns false when it ran at once.
     */
    public boolean await(Waiter waiter) {
        waiters.add(waiter);
        Snapshot s = snapshot;
        if ((s.endList() || s.reached(waiter.msn(), waiter.part())) && waiters.remove(waiter)) {
            waiter.ready();
            return false;
        }
        return true;
    }

    /** Forgets a parked waiter (timed out, connection closed); true if it was still parked. */
    public boolean cancel(Waiter waiter) {
        return waiters.remove(waiter);
    }

    int parked() {
        return waiters.size();
    }

    @Override
    public void onMetadata(Map<String, Object> metadata) {
        this.metadata = metadata;
    }

    @Override
    public void onVideoConfig(VideoConfig config, long timestamp) {
        this.avc = config;
    }

    @Override
    public void onAudioConfig(AacConfig config, long timestamp) {
        this.aac = config;
    }

    @Override
    public void onVideo(VideoFrame frame) {
        if (ended || avc == null || audioOnly) {
            return;
        }
        if (muxer == null) {
            if (!frame.keyframe()) {
                return; // playback starts at a keyframe
            }
            start(frame.dts());
            boundary(frame.dts());
        } else if (!partVideo.isEmpty()) {
            long frameDuration = Math.max(1, frame.dts() - lastVideoDts);
            boolean newSegment = (frame.keyframe() && frame.dts() - segmentStartDts >= targetMs)
                    || segmentBytes + partBytes >= maxSegmentBytes;
            // cut before the part would grow beyond the target (by the next frame's duration); a part is also cut
            // at an eighth of the segment cap, so stalled timestamps cannot make one grow without bound
            boolean newPart = newSegment || frame.dts() - partStartDts + frameDuration > partTargetMs
                    || partBytes >= maxSegmentBytes / 8;
            if (newPart) {
                finishPart(frame.dts(), !newSegment);
            }
            if (newSegment) {
                finishSegment(frame.dts());
            }
            if (newPart) {
                boundary(frame.dts());
            }
        }
        partVideo.add(frame);
        partBytes += frame.length();
        lastVideoDts = frame.dts();
    }

    @Override
    public void onAudio(AudioFrame frame) {
        if (audioOnly && !ended && !cutAudioOnly(frame)) {
            return;
        }
        if (ended || muxer == null || !muxer.hasAudio() || partAudio.size() >= MAX_PART_AUDIO_FRAMES
                || frame.timestamp() < origin) {
            return; // audio from before the first keyframe is not played
        }
        // AAC frames are 1024 samples: keep the decode time exact, resynchronising only on a real gap
        long t = audioClock.stamp(frame.timestamp(), origin, muxer.audioTimescale());
        if (partAudio.isEmpty()) {
            partAudioTime = t;
        }
        partAudio.add(frame);
    }

    /**
     * Audio-only: starts at the source's newest segment start at or before the frame, then cuts wherever the source's
     * parts and segments start; false while the frame is not to be written (no source segment yet, or before it).
     */
    private boolean cutAudioOnly(AudioFrame frame) {
        long ts = frame.timestamp();
        if (muxer == null) {
            Boundary start = null;
            for (Boundary b : timeline.boundaries) {
                if (b.startDts() <= ts && b.part() == 0) {
                    start = b;
                }
            }
            if (aac == null || start == null || timeline.wallAtFirstDts < 0) {
                return false;
            }
            muxer = new Fmp4Muxer(null, aac, 0, 0);
            init = muxer.init();
            codecs = aac.codecString();
            wallAtFirstDts = timeline.wallAtFirstDts;
            firstDts = timeline.firstDts;
            origin = timeline.origin;
            currentMsn = Math.max(currentMsn, start.msn());
            segmentStartDts = start.startDts();
            partStartDts = start.startDts();
            lastVideoDts = start.startDts();
            adMarkers.segmentStarted(currentMsn, Instant.ofEpochMilli(wallAtFirstDts + (segmentStartDts - firstDts)));
            return true;
        }
        for (Boundary b : timeline.boundaries) {
            if (b.startDts() <= partStartDts) {
                continue;
            }
            if (ts < b.startDts()) {
                break;
            }
            finishPart(b.startDts(), b.part() != 0);
            if (b.part() == 0) {
                finishSegment(b.startDts());
            }
        }
        lastVideoDts = Math.max(lastVideoDts, ts); // the live edge of timed metadata
        return ts >= segmentStartDts;
    }

    /** The ad breaks of this playlist (read after {@link #snapshot()}: never older than it). */
    public List<AdMarkers.Marker> adMarkers() {
        return adMarkers.list();
    }

    /**
     * InsertAdBreak: the break begins with the next segment (the current one's parts are listed already), or with
     * the first one when no media has come yet.
     */
    @Override
    public void onAdBreak(AdBreak adBreak) {
        if (!ended) {
            adMarkers.insert(adBreak, muxer == null ? currentMsn : currentMsn + 1);
        }
    }

    /** A PutMetadata payload: an {@code emsg} with an ID3 tag at the live edge, in the part being written. */
    @Override
    public void onTimedMetadata(String payload, Instant acceptedAt) {
        if (ended || muxer == null || partEvents.size() >= MAX_PART_AUDIO_FRAMES / 10) {
            return;
        }
        partEvents.add(new Fmp4Muxer.Event((lastVideoDts - origin) * 90, ++eventId, Id3.txxx(payload)));
    }

    @Override
    public void onEnd() {
        if (ended) {
            return;
        }
        ended = true;
        if (!currentParts.isEmpty()) {
            // the parts players already have become the session's last segment; the rest is dropped
            finishSegment(segmentStartDts + currentParts.stream().mapToLong(Part::durationMs).sum());
        }
        partVideo.clear();
        partAudio.clear();
        // the segments stay served: players keep the playlist until it ends or the next session continues it
        snapshot = snapshot.ended(false);
        onEnded.run();
    }

    /** After {@link #onEnd}: the playlist is final (EXT-X-ENDLIST) unless a new session continued it meanwhile. */
    public void endList() {
        snapshot = snapshot.ended(true);
        wake();
    }

    private void start(long dts) {
        width = EncoderMetadata.number(metadata, "width");
        height = EncoderMetadata.number(metadata, "height");
        int[] size = avc.size();
        if (size != null) {
            width = size[0];
            height = size[1];
        }
        muxer = new Fmp4Muxer(avc, aac, width, height);
        init = muxer.init();
        codecs = avc.codecString() + (muxer.hasAudio() ? "," + aac.codecString() : "");
        wallAtFirstDts = clock.getAsLong();
        firstDts = dts;
        origin = dts;
        if (timeline != null && timeline.wallAtFirstDts >= 0) {
            // the source's time line: the same media time has the same decode time and date in every rendition
            wallAtFirstDts = timeline.wallAtFirstDts;
            firstDts = timeline.firstDts;
            origin = timeline.origin;
        }
        segmentStartDts = dts;
        partStartDts = dts;
        adMarkers.segmentStarted(currentMsn, Instant.ofEpochMilli(wallAtFirstDts));
    }

    private void finishPart(long nextDts, boolean publish) {
        List<Fmp4Muxer.Sample> video = Fmp4Muxer.videoSamples(partVideo, nextDts);
        List<Fmp4Muxer.Sample> audio = Fmp4Muxer.audioSamples(partAudio);
        byte[] data = muxer.fragment(fragmentSequence++, partVideo.isEmpty() ? 0 : (partVideo.get(0).dts() - origin) * 90,
                video, Math.max(0, partAudioTime), audio, partEvents);
        currentParts.add(new Part(currentMsn, currentParts.size(), nextDts - partStartDts,
                partVideo.isEmpty() || partVideo.get(0).keyframe(), data, clock.getAsLong()));
        segmentBytes += data.length;
        partVideo.clear();
        partAudio.clear();
        partEvents.clear();
        partStartDts = nextDts;
        partBytes = 0;
        if (publish) {
            publish();
        }
    }

    private void finishSegment(long nextDts) {
        long duration = Math.max(1, nextDts - segmentStartDts);
        Instant pdt = Instant.ofEpochMilli(wallAtFirstDts + (segmentStartDts - firstDts));
        List<byte[]> fragments = new ArrayList<>(currentParts.size());
        for (Part p : currentParts) {
            fragments.add(p.data());
        }
        segments.add(new Segment(currentMsn, duration, pdt, List.copyOf(currentParts), currentParts.size(),
                MediaBytes.ofArrays(fragments), descriptor.streamId(), init, clock.getAsLong()));
        currentParts = new ArrayList<>();
        currentMsn++;
        segmentStartDts = nextDts;
        segmentBytes = 0;
        adMarkers.segmentStarted(currentMsn, Instant.ofEpochMilli(wallAtFirstDts + (segmentStartDts - firstDts)));
        // parts are served a segment longer than they are listed; then only the whole segment stays, and its bytes
        // go to a file like a retired segment's (LL-HLS players read parts; one that starts far behind reads these)
        int keepParts = SEGMENTS_WITH_PARTS + 1;
        if (segments.size() > keepParts) {
            int i = segments.size() - keepParts - 1;
            Segment whole = segments.get(i).withoutParts();
            segments.set(i, whole);
            if (retiredTo != null) {
                retiredTo.retire(whole.bytes());
            }
        }
        while (segments.size() > window) {
            Segment gone = segments.remove(0);
            retired.add(gone.withoutParts());
            if (retiredTo != null) {
                retiredTo.retire(gone.bytes());
            }
            if (!gone.session().equals(segments.get(0).session())) {
                discontinuitySequence++; // the EXT-X-DISCONTINUITY before the new first segment leaves the playlist
            }
        }
        while (retired.size() > window + 1) {
            Segment dropped = retired.remove(0);
            if (retiredTo != null) {
                retiredTo.drop(dropped.bytes());
            }
        }
        // EXT-X-TARGETDURATION may not change during the stream: it only grows to the longest segment seen
        targetDuration = Math.max(targetDuration, (int) Math.round(duration / 1000.0));
        publish();
    }

    private void publish() {
        Instant currentPdt = wallAtFirstDts < 0 ? null
                : Instant.ofEpochMilli(wallAtFirstDts + (segmentStartDts - firstDts));
        snapshot = new Snapshot(descriptor.streamId(), init, wallAtFirstDts, List.copyOf(segments),
                List.copyOf(retired), discontinuitySequence, currentMsn, currentPdt, List.copyOf(currentParts),
                targetDuration, partTargetMs, codecs, width, height, EncoderMetadata.framerate(metadata),
                bandwidth(), false, false, name);
        wake();
    }

    private void wake() {
        if (waiters.isEmpty()) {
            return;
        }
        Snapshot s = snapshot;
        for (Waiter w : waiters) {
            if ((s.endList() || s.reached(w.msn(), w.part())) && waiters.remove(w)) {
                w.ready();
            }
        }
    }

    /** Peak segment bitrate in the window (what BANDWIDTH means), at least the declared one. */
    private long bandwidth() {
        long peak = 0;
        for (Segment s : segments) {
            peak = Math.max(peak, s.size() * 8000L / s.durationMs());
        }
        return Math.max(peak, EncoderMetadata.declaredBandwidth(metadata));
    }
}
