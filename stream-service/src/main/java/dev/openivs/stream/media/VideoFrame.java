package dev.openivs.stream.media;

/**
 * One H.264 access unit from an FLV video tag: {@code dts} in ms, {@code cts} the composition offset in ms
 * (PTS = DTS + CTS), {@code data} the NAL units in AVCC form (4-byte big-endian lengths, see
 * {@link AvcConfig#nalLengthSize()}).
 */
public record VideoFrame(long dts, int cts, boolean keyframe, byte[] data, int offset, int length) {
}
