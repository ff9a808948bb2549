package dev.openivs.stream.format.ts;

import dev.openivs.stream.media.AacConfig;
import dev.openivs.stream.media.AudioFrame;
import dev.openivs.stream.media.AvcConfig;
import dev.openivs.stream.media.Segmenter;
import dev.openivs.stream.media.VideoConfig;
import dev.openivs.stream.media.VideoFrame;
import dev.openivs.stream.media.ChunkedOutput;
import dev.openivs.stream.media.MediaBytes;

/**
 * Cuts one stream's H.264/AAC into MPEG-TS segments: each starts at a keyframe (PAT/PMT first) and is cut at the first
 * keyframe at least {@code targetMs} after its start, or when it reaches {@code maxSegmentBytes}. Shared by the live
 * packager ({@link HlsStream}) and the recorder; each owner has its own instance (continuity counters carry on
 * across the segments of that instance). Not thread-safe: fed from the stream's event loop.
 *
 * <p>Timing: the session's first media timestamp is output time 0 for audio and video alike (one common offset,
 * so an encoder's own timestamp origin never reaches the player and the 33-bit PTS does not wrap for 26 h). AAC
 * frames are stamped sample-exact (1024 samples at the sample rate, from the previous frame), resynchronised to
 * the RTMP timestamp only when it drifts by more than two frames; video DTS never goes backwards.
 */
public final class TsSegmenter implements Segmenter {

    private final int targetMs;
    private final int maxSegmentBytes;
    private final Listener listener;
    private final TsMuxer muxer = new TsMuxer();
    private AvcConfig avc;
    private AacConfig aac;
    private ChunkedOutput current;
    private long currentStartDts;
    private long lastVideoDts;
    private long lastFrameDelta;
    private int frames;
    /** The session's first media timestamp (ms): output time 0. */
    private long origin = Long.MIN_VALUE;
    private long lastDts90k = Long.MIN_VALUE;
    /** The next AAC frame's position in samples from the origin, or MIN_VALUE to resynchronise. */
    private long nextAudioSample = Long.MIN_VALUE;
    private boolean audioOnly;
    /** Audio-only: where the next segment starts (ms; MIN_VALUE: at its first frame). */
    private long nextStartMs = Long.MIN_VALUE;

    /**
     * @param id3 declare the timed-ID3 PID in every PMT (so the PMT never changes when metadata arrives)
     */
    public TsSegmenter(int targetMs, int maxSegmentBytes, boolean id3, Listener listener) {
        this.targetMs = targetMs;
        this.maxSegmentBytes = maxSegmentBytes;
        this.listener = listener;
        if (id3) {
            muxer.enableId3();
        }
    }

    /** H.264 only: MPEG-TS output here carries no HEVC or AV1 (IVS: those need FRAGMENTED_MP4). */
    @Override
    public void videoConfig(VideoConfig config) {
        if (config instanceof AvcConfig a && !audioOnly) {
            this.avc = a;
        }
    }

    @Override
    public VideoConfig video() {
        return avc;
    }

    @Override
    public String extension() {
        return "ts";
    }

    @Override
    public void audioConfig(AacConfig config) {
        this.aac = config;
        nextAudioSample = Long.MIN_VALUE;
    }

    public AvcConfig avc() {
        return avc;
    }

    @Override
    public AacConfig aac() {
        return aac;
    }

    /** Whether {@link #video} would write this frame (a segment is open, or it is a keyframe after the config). */
    @Override
    public boolean accepts(VideoFrame frame) {
        return avc != null && (current != null || frame.keyframe());
    }

    /** Writes a video frame, first finishing the segment when this keyframe (or the size bound) closes it. */
    @Override
    public void video(VideoFrame frame) {
        if (!accepts(frame)) {
            return;
        }
        if (current != null && ((frame.keyframe() && frame.dts() - currentStartDts >= targetMs)
                || current.size() >= maxSegmentBytes)) {
            finish(frame.dts());
        }
        if (current == null) {
            current = new ChunkedOutput();
            currentStartDts = frame.dts();
            frames = 0;
            muxer.writeTables(current, aac != null);
        }
        long dts90k = ticks(frame.dts());
        if (lastDts90k != Long.MIN_VALUE && dts90k <= lastDts90k) {
            dts90k = lastDts90k + 1;
        }
        long pts90k = Math.max(dts90k, ticks(frame.dts() + frame.cts()));
        muxer.writeVideo(current, avc, dts90k, pts90k, frame.keyframe(), frame.data(), frame.offset(),
                frame.length());
        lastDts90k = dts90k;
        if (frames > 0 && frame.dts() > lastVideoDts) {
            lastFrameDelta = frame.dts() - lastVideoDts;
        }
        lastVideoDts = frame.dts();
        frames++;
    }

    /** Audio-only segments: the audio PID alone, PCR on it ({@link TsMuxer#audioOnly}). */
    @Override
    public boolean audioOnly() {
        audioOnly = true;
        avc = null;
        muxer.audioOnly();
        return true;
    }

    @Override
    public void cut(long nextStartMs) {
        if (!audioOnly) {
            throw new IllegalStateException("not an audio-only segmenter");
        }
        if (current != null) {
            finish(nextStartMs);
        }
        if (origin == Long.MIN_VALUE) {
            origin = nextStartMs;
        }
        this.nextStartMs = nextStartMs;
    }

    @Override
    public void audio(AudioFrame frame) {
        if (audioOnly && current == null && aac != null && nextStartMs != Long.MIN_VALUE
                && frame.timestamp() >= nextStartMs) {
            current = new ChunkedOutput();
            currentStartDts = nextStartMs;
            lastVideoDts = currentStartDts;
            frames = 0;
            muxer.writeTables(current, true);
        }
        if (aac == null || current == null || aac.sampleRate() <= 0) {
            return;
        }
        long rate = aac.sampleRate();
        long actual = Math.floorDiv((frame.timestamp() - origin) * rate, 1000);
        if (nextAudioSample == Long.MIN_VALUE || Math.abs(actual - nextAudioSample) > 2048) {
            nextAudioSample = actual;
        }
        long pts90k = Math.floorDiv(nextAudioSample * 90_000, rate);
        muxer.writeAudio(current, aac, pts90k, frame.data(), frame.offset(), frame.length());
        if (audioOnly) { // the live edge of timed ID3 and of pendingMs
            lastDts90k = pts90k;
            lastVideoDts = frame.timestamp();
        }
        nextAudioSample += 1024;
    }

    /** 90 kHz ticks from the session's origin (set by the first media timestamp asked for). */
    private long ticks(long ms) {
        if (origin == Long.MIN_VALUE) {
            origin = ms;
        }
        return (ms - origin) * 90;
    }

    /** An ID3 tag at the live edge (the newest video DTS) of the segment being written; false when none is open. */
    @Override
    public boolean id3(byte[] tag) {
        if (current == null) {
            return false;
        }
        muxer.writeId3(current, lastDts90k, tag);
        return true;
    }

    /**
     * Finishes the open segment at the end of the stream: its duration runs to the last frame plus one frame
     * interval (the last frame is shown that long).
     */
    @Override
    public void flush() {
        if (current != null) {
            finish(lastVideoDts + Math.max(1, lastFrameDelta));
        }
    }

    /** Forgets the open segment (the live packager drops it at the end of a stream). */
    @Override
    public void discard() {
        current = null;
    }

    /** Milliseconds of media in the segment being written. */
    @Override
    public long pendingMs() {
        return current == null ? 0 : lastVideoDts - currentStartDts;
    }

    public long lastVideoDts() {
        return lastVideoDts;
    }

    private void finish(long nextStartDts) {
        long duration = Math.max(1, nextStartDts - currentStartDts);
        MediaBytes ts = current.finish();
        current = null;
        listener.onSegment(ts, null, currentStartDts, duration, frames);
    }
}
