package dev.openivs.stream.media;

/**
 * A video decoder configuration as a sequence header carries it: H.264 ({@link AvcConfig}, {@code avcC}), HEVC
 * ({@link HevcConfig}, {@code hvcC}) or AV1 ({@link Av1Config}, {@code av1C}). The record is what an MP4 sample entry
 * holds as its configuration box; the samples of every codec are what FLV carries (length-prefixed NAL units for
 * H.264/HEVC, low-overhead OBUs for AV1).
 */
public sealed interface VideoConfig permits AvcConfig, HevcConfig, Av1Config {
    /** The MP4 sample entry type: {@code avc1}, {@code hvc1} or {@code av01}. */
    String sampleEntry();

    /** The configuration box type inside the sample entry: {@code avcC}, {@code hvcC} or {@code av1C}. */
    String configBox();

    /** The configuration record (the payload of {@link #configBox()}). */
    byte[] record();

    /** RFC 6381 codec string, e.g. {@code avc1.42C01E}, {@code hvc1.1.6.L93.B0}, {@code av01.0.08M.08}. */
    String codecString();

    /** The coded picture size {width, height}, or null when the configuration does not tell it. */
    int[] size();

    /** The profile's name (H.264 "Main", HEVC "Main10", AV1 "Main"). */
    String profileName();

    /** The level as written in the codec's spec ("3.1"). */
    String levelName();

    /** The codec's common name: {@code H.264}, {@code HEVC} or {@code AV1}. */
    String codecName();
}
