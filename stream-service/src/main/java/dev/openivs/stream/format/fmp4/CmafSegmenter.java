package dev.openivs.stream.format.fmp4;

import dev.openivs.stream.media.AacConfig;
import dev.openivs.stream.media.MediaBytes;
import dev.openivs.stream.media.AudioFrame;
import dev.openivs.stream.media.Segmenter;
import dev.openivs.stream.media.VideoConfig;
import dev.openivs.stream.media.VideoFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one stream (H.264, HEVC or AV1 video, AAC audio) into CMAF segments: an init segment ({@code ftyp}+{@code moov},
 * written at the first keyframe from the configurations known then, and kept for the segmenter's life) and media
 * segments of one {@code moof}+{@code mdat} fragment each (timed ID3 as {@code emsg} before it), cut like MPEG-TS
 * ones (at the first keyframe at least {@code targetMs} after the segment's start, or at {@code maxSegmentBytes}).
 *
 * <p>Timing: the first keyframe's DTS is decode time 0 for video and audio alike; AAC frames are stamped
 * sample-exact (1024 samples after the previous one), resynchronised to the RTMP timestamp only on a drift of more
 * than two frames; audio from before the first keyframe is dropped.
 */
public final class CmafSegmenter implements Segmenter {
    private final int targetMs;
    private final int maxSegmentBytes;
    private final Listener listener;
    private VideoConfig video;
    private AacConfig aac;
    private Fmp4Muxer muxer;
    private byte[] init;
    private final List<VideoFrame> frames = new ArrayList<>();
    private final List<AudioFrame> audio = new ArrayList<>();
    private final List<Fmp4Muxer.Event> events = new ArrayList<>();
    private boolean open;
    private long currentStartDts;
    private long bytes;
    private long lastVideoDts;
    private long lastFrameDelta;
    private long origin;
    private final Fmp4Muxer.AudioClock audioClock = new Fmp4Muxer.AudioClock();
    private long segmentAudioTime;
    private long sequence = 1;
    private long eventId;
    private boolean audioOnly;
    /** Audio-only: where the next segment starts (MIN_VALUE before the first cut). */
    private long nextStartMs = Long.MIN_VALUE;

    public CmafSegmenter(int targetMs, int maxSegmentBytes, Listener listener) {
        this.targetMs = targetMs;
        this.maxSegmentBytes = maxSegmentBytes;
        this.listener = listener;
    }

    @Override
    public void videoConfig(VideoConfig config) {
        if (muxer == null) {
            video = config; // the init segment is written once: later changes keep the first configuration
        }
    }

    @Override
    public void audioConfig(AacConfig config) {
        if (muxer == null) {
            aac = config;
        }
    }

    @Override
    public VideoConfig video() {
        return video;
    }

    @Override
    public AacConfig aac() {
        return aac;
    }

    /** The init segment ({@code EXT-X-MAP}), null before the first keyframe. */
    public byte[] init() {
        return init;
    }

    @Override
    public String extension() {
        return "m4s";
    }

    @Override
    public boolean accepts(VideoFrame frame) {
        return video != null && (open || frame.keyframe());
    }

    @Override
    public void video(VideoFrame frame) {
        if (!accepts(frame)) {
            return;
        }
        if (open && ((frame.keyframe() && frame.dts() - currentStartDts >= targetMs) || bytes >= maxSegmentBytes)) {
            finish(frame.dts());
        }
        if (!open) {
            if (muxer == null) {
                int[] size = video.size();
                muxer = new Fmp4Muxer(video, aac, size == null ? 0 : size[0], size == null ? 0 : size[1]);
                init = muxer.init();
                origin = frame.dts();
            }
            open = true;
            currentStartDts = frame.dts();
            bytes = 0;
        }
        if (!frames.isEmpty() && frame.dts() > lastVideoDts) {
            lastFrameDelta = frame.dts() - lastVideoDts;
        }
        frames.add(frame);
        bytes += frame.length();
        lastVideoDts = frame.dts();
    }

    /** Audio-only segments: an init segment with the AAC track alone, fragments of audio samples. */
    @Override
    public boolean audioOnly() {
        audioOnly = true;
        video = null;
        return true;
    }

    @Override
    public void cut(long nextStartMs) {
        if (!audioOnly) {
            throw new IllegalStateException("not an audio-only segmenter");
        }
        if (open) {
            finish(nextStartMs);
        }
        if (this.nextStartMs == Long.MIN_VALUE) {
            origin = nextStartMs; // decode time 0: the video renditions' first keyframe
        }
        this.nextStartMs = nextStartMs;
    }

    @Override
    public void audio(AudioFrame frame) {
        if (audioOnly && !open && aac != null && nextStartMs != Long.MIN_VALUE && frame.timestamp() >= nextStartMs) {
            if (muxer == null) {
                muxer = new Fmp4Muxer(null, aac, 0, 0);
                init = muxer.init();
            }
            open = true;
            currentStartDts = nextStartMs;
            lastVideoDts = nextStartMs;
            bytes = 0;
        }
        if (!open || !muxer.hasAudio() || frame.timestamp() < origin) {
            return;
        }
        if (audioOnly) { // the live edge of timed ID3 and of pendingMs
            lastVideoDts = frame.timestamp();
            lastFrameDelta = Math.max(1, 1024_000L / Math.max(1, aac.sampleRate()));
        }
        long t = audioClock.stamp(frame.timestamp(), origin, muxer.audioTimescale());
        if (audio.isEmpty()) {
            segmentAudioTime = t;
        }
        audio.add(frame);
        bytes += frame.length();
    }

    /** An {@code emsg} with the ID3 tag at the live edge (the newest video DTS), before the segment's fragment. */
    @Override
    public boolean id3(byte[] tag) {
        if (!open) {
            return false;
        }
        events.add(new Fmp4Muxer.Event((lastVideoDts - origin) * 90, ++eventId, tag));
        return true;
    }

    @Override
    public void flush() {
        if (open) {
            finish(lastVideoDts + Math.max(1, lastFrameDelta));
        }
    }

    @Override
    public void discard() {
        open = false;
        frames.clear();
        audio.clear();
        events.clear();
    }

    @Override
    public long pendingMs() {
        return open ? lastVideoDts - currentStartDts : 0;
    }

    private void finish(long nextStartDts) {
        long duration = Math.max(1, nextStartDts - currentStartDts);
        byte[] data = muxer.fragment(sequence++, frames.isEmpty() ? 0 : (frames.get(0).dts() - origin) * 90,
                Fmp4Muxer.videoSamples(frames, nextStartDts), segmentAudioTime, Fmp4Muxer.audioSamples(audio),
                events);
        int count = frames.size();
        long start = currentStartDts;
        discard();
        listener.onSegment(MediaBytes.of(data), init, start, duration, count);
    }
}
