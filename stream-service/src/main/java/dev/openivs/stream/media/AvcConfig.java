package dev.openivs.stream.media;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed AVCDecoderConfigurationRecord: profile, compatibility flags, level, NAL length size and the SPS/PPS
 * units (without start codes). {@link #codecString()} is the RFC 6381 {@code avc1.PPCCLL}.
 */
public record AvcConfig(int profile, int compatibility, int level, int nalLengthSize, List<byte[]> sps,
        List<byte[]> pps, byte[] record) implements VideoConfig {

    public static AvcConfig parse(byte[] b, int off, int len) {
        if (len < 7 || b[off] != 1) {
            throw new IllegalArgumentException("not an AVCDecoderConfigurationRecord");
        }
        int end = off + len;
        int p = off + 5;
        int nalLengthSize = (b[off + 4] & 0x03) + 1;
        List<byte[]> sps = new ArrayList<>();
        int numSps = b[p++] & 0x1F;
        for (int i = 0; i < numSps; i++) {
            p = readUnit(b, p, end, sps);
        }
        List<byte[]> pps = new ArrayList<>();
        if (p < end) {
            int numPps = b[p++] & 0xFF;
            for (int i = 0; i < numPps; i++) {
                p = readUnit(b, p, end, pps);
            }
        }
        byte[] record = java.util.Arrays.copyOfRange(b, off, end);
        return new AvcConfig(b[off + 1] & 0xFF, b[off + 2] & 0xFF, b[off + 3] & 0xFF, nalLengthSize,
                List.copyOf(sps), List.copyOf(pps), record);
    }

    private static int readUnit(byte[] b, int p, int end, List<byte[]> into) {
        if (p + 2 > end) {
            throw new IllegalArgumentException("truncated parameter set");
        }
        int n = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
        if (p + 2 + n > end) {
            throw new IllegalArgumentException("truncated parameter set");
        }
        into.add(java.util.Arrays.copyOfRange(b, p + 2, p + 2 + n));
        return p + 2 + n;
    }

    @Override
    public String sampleEntry() {
        return "avc1";
    }

    @Override
    public String configBox() {
        return "avcC";
    }

    @Override
    public String codecName() {
        return "H.264";
    }

    /** The size coded in the first SPS, or null. */
    @Override
    public int[] size() {
        return sps.isEmpty() ? null : H264Sps.size(sps.get(0));
    }

    @Override
    public String codecString() {
        return String.format("avc1.%02X%02X%02X", profile, compatibility, level);
    }

    /** The profile's name as IVS reports it in {@code avcProfile}. */
    @Override
    public String profileName() {
        return switch (profile) {
            case 66 -> "Baseline";
            case 77 -> "Main";
            case 88 -> "Extended";
            case 100 -> "High";
            case 110 -> "High10";
            case 122 -> "High422";
            case 244 -> "High444";
            default -> "Profile" + profile;
        };
    }

    /** The level as IVS reports it in {@code avcLevel}, e.g. 31 gives "3.1". */
    @Override
    public String levelName() {
        return (level / 10) + "." + (level % 10);
    }
}
