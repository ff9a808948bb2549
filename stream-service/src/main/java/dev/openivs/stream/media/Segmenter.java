package dev.openivs.stream.media;

/**
 * Cuts one stream into HLS segments of one container, MPEG-TS ({@code format.ts.TsSegmenter}) or fMP4/CMAF
 * ({@code format.fmp4.CmafSegmenter}): each starts at a keyframe and is cut at the first keyframe at least the
 * target after its start, or at the size bound. The live packager and the recorder each own one. Not thread-safe:
 * fed from the stream's event loop.
 */
public interface Segmenter {
    /**
     * A finished segment: its bytes, the init segment it needs ({@code EXT-X-MAP}; null for MPEG-TS, whose segments
     * are self-contained), its first DTS and duration in ms, and its video frame count.
     */
    interface Listener {
        void onSegment(MediaBytes data, byte[] init, long startDts, long durationMs, int videoFrames);
    }

    /** A video sequence header; a codec the container cannot carry is not taken (then no frame is accepted). */
    void videoConfig(VideoConfig config);

    void audioConfig(AacConfig config);

    /** The video configuration segments are written with (null before one the container takes). */
    VideoConfig video();

    AacConfig aac();

    /** The RFC 6381 codecs of what it writes ({@code hvc1.1.6.L93.B0,mp4a.40.2}), once the video config is known. */
    default String codecs() {
        if (video() == null) { // audio-only
            return aac() == null ? null : aac().codecString();
        }
        return video().codecString() + (aac() != null ? "," + aac().codecString() : "");
    }

    /** Whether {@link #video} would write this frame (a segment is open, or it is a keyframe after the config). */
    boolean accepts(VideoFrame frame);

    /** Writes a video frame, first finishing the segment when this keyframe (or the size bound) closes it. */
    void video(VideoFrame frame);

    void audio(AudioFrame frame);

    /** An ID3 tag at the live edge of the segment being written; false when none is open. */
    boolean id3(byte[] tag);

    /** Finishes the open segment at the end of the stream (its last frame shown one frame interval). */
    void flush();

    /** Forgets the open segment. */
    void discard();

    /** Milliseconds of media in the segment being written. */
    long pendingMs();

    /**
     * Audio only from now on (an audio-only rendition): segments carry the AAC track alone, each started and cut by
     * {@link #cut}, not at keyframes. False when the container does not write audio-only segments (then nothing
     * changed).
     */
    default boolean audioOnly() {
        return false;
    }

    /**
     * Audio-only: finishes the open segment at {@code nextStartMs}, where the next one starts (with the first audio
     * frame from there on). The first cut is output time 0 (the video renditions' first keyframe, so that every
     * rendition has the same time line); audio before it is not written.
     */
    default void cut(long nextStartMs) {
        throw new UnsupportedOperationException("not an audio-only segmenter");
    }

    /** The file extension of the segments: {@code ts} or {@code m4s}. */
    String extension();
}
