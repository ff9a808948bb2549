package dev.openivs.stream.transcode;

/**
 * One rendition of a channel's output, as the multivariant playlist and the recording list it.
 *
 * @param name IVS's rendition id ({@code 720p60}, {@code 480p30}, {@code audio_only}), also its file name prefix
 * @param width 0 for audio-only
 * @param height 0 for audio-only
 * @param fps frame rate of the output (0 for audio-only; the input's for a passthrough rendition)
 * @param videoKbps target video bitrate in kbit/s (0: passthrough or audio-only)
 * @param audioKbps AAC bitrate in kbit/s when the audio is transcoded, 0 when the source audio passes through
 * @param passthrough the source's own video (and audio), not re-encoded
 */
public record Rendition(String name, int width, int height, int fps, int videoKbps, int audioKbps,
        boolean passthrough) {

    /** Audio-only rendition (ADVANCED channels). */
    public boolean audioOnly() {
        return height == 0;
    }

    /** What the encoder is asked for (video + audio), in bit/s; 0 for passthrough (measured instead). */
    public long targetBandwidth() {
        return (videoKbps + (long) audioKbps) * 1000;
    }

    /** IVS's id for a video rendition: {@code {height}p{fps}}. */
    public static String name(int height, int fps) {
        return height + "p" + fps;
    }
}
