package dev.openivs.stream.media;

/**
 * One video access unit from an FLV video tag: {@code dts} in ms, {@code cts} the composition offset in ms
 * (PTS = DTS + CTS), {@code data} the coded frame as FLV carries it (H.264/HEVC: NAL units with big-endian length
 * prefixes, see the configuration's NAL length size; AV1: the OBUs of one temporal unit). {@code track} is the
 * Enhanced RTMP track id (0: the default track, the only one of a single-track stream).
 */
public record VideoFrame(long dts, int cts, boolean keyframe, byte[] data, int offset, int length, int track) {
    /** A frame of the default track. */
    public VideoFrame(long dts, int cts, boolean keyframe, byte[] data, int offset, int length) {
        this(dts, cts, keyframe, data, offset, length, 0);
    }
}
