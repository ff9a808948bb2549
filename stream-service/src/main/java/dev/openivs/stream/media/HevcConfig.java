package dev.openivs.stream.media;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed HEVCDecoderConfigurationRecord ({@code hvcC}, ISO/IEC 14496-15 8.3.3): the general profile, tier, level
 * and constraint flags (for the RFC 6381 string, ISO/IEC 14496-15 Annex E), the NAL length size and the picture size
 * of its first SPS (ITU-T H.265 7.3.2.2, conformance window applied).
 */
public record HevcConfig(int profileSpace, boolean highTier, int profile, long compatibility, byte[] constraints,
        int level, int nalLengthSize, int width, int height, byte[] record) implements VideoConfig {
    private static final int SPS = 33;

    public static HevcConfig parse(byte[] b, int off, int len) {
        if (len < 23 || b[off] != 1) {
            throw new IllegalArgumentException("not an HEVCDecoderConfigurationRecord");
        }
        int end = off + len;
        int p1 = b[off + 1] & 0xFF;
        long compat = 0;
        for (int i = 0; i < 4; i++) {
            compat = (compat << 8) | (b[off + 2 + i] & 0xFF);
        }
        byte[] constraints = Arrays.copyOfRange(b, off + 6, off + 12);
        int level = b[off + 12] & 0xFF;
        int nalLengthSize = (b[off + 21] & 0x03) + 1;
        int arrays = b[off + 22] & 0xFF;
        int p = off + 23;
        List<byte[]> sps = new ArrayList<>();
        for (int a = 0; a < arrays; a++) {
            if (p + 3 > end) {
                throw new IllegalArgumentException("truncated hvcC");
            }
            int type = b[p] & 0x3F;
            int count = ((b[p + 1] & 0xFF) << 8) | (b[p + 2] & 0xFF);
            p += 3;
            for (int i = 0; i < count; i++) {
                if (p + 2 > end) {
                    throw new IllegalArgumentException("truncated hvcC");
                }
                int n = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
                if (p + 2 + n > end) {
                    throw new IllegalArgumentException("truncated hvcC");
                }
                if (type == SPS) {
                    sps.add(Arrays.copyOfRange(b, p + 2, p + 2 + n));
                }
                p += 2 + n;
            }
        }
        int[] size = sps.isEmpty() ? null : spsSize(sps.get(0));
        return new HevcConfig(p1 >>> 6, (p1 & 0x20) != 0, p1 & 0x1F, compat, constraints, level, nalLengthSize,
                size == null ? 0 : size[0], size == null ? 0 : size[1], Arrays.copyOfRange(b, off, end));
    }

    /** {width, height} of an HEVC SPS NAL unit, or null when it cannot be read. */
    static int[] spsSize(byte[] nal) {
        try {
            BitReader r = BitReader.rbsp(nal, 2);
            r.skip(4); // sps_video_parameter_set_id
            int maxSubLayersMinus1 = (int) r.bits(3);
            r.skip(1);
            r.skip(88 + 8); // general profile_tier_level and general_level_idc
            boolean[] profilePresent = new boolean[maxSubLayersMinus1];
            boolean[] levelPresent = new boolean[maxSubLayersMinus1];
            for (int i = 0; i < maxSubLayersMinus1; i++) {
                profilePresent[i] = r.bit() == 1;
                levelPresent[i] = r.bit() == 1;
            }
            if (maxSubLayersMinus1 > 0) {
                r.skip(2 * (8 - maxSubLayersMinus1));
            }
            for (int i = 0; i < maxSubLayersMinus1; i++) {
                r.skip((profilePresent[i] ? 88 : 0) + (levelPresent[i] ? 8 : 0));
            }
            r.ue(); // sps_seq_parameter_set_id
            int chroma = r.ue();
            if (chroma == 3) {
                r.skip(1);
            }
            int width = r.ue();
            int height = r.ue();
            if (r.bit() == 1) { // conformance_window_flag
                int subW = chroma == 1 || chroma == 2 ? 2 : 1;
                int subH = chroma == 1 ? 2 : 1;
                int left = r.ue();
                int right = r.ue();
                int top = r.ue();
                int bottom = r.ue();
                width -= subW * (left + right);
                height -= subH * (top + bottom);
            }
            return width > 0 && height > 0 ? new int[] {width, height} : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String sampleEntry() {
        return "hvc1";
    }

    @Override
    public String configBox() {
        return "hvcC";
    }

    @Override
    public String codecName() {
        return "HEVC";
    }

    @Override
    public int[] size() {
        return width > 0 ? new int[] {width, height} : null;
    }

    /** {@code hvc1.[A-C]?{profile}.{compatibility, bit-reversed hex}.{L|H}{level}[.{constraint bytes}]}. */
    @Override
    public String codecString() {
        StringBuilder b = new StringBuilder("hvc1.");
        if (profileSpace > 0) {
            b.append((char) ('A' + profileSpace - 1));
        }
        b.append(profile).append('.').append(Long.toHexString(Integer.reverse((int) compatibility) & 0xFFFFFFFFL)
                .toUpperCase()).append('.').append(highTier ? 'H' : 'L').append(level);
        int last = constraints.length;
        while (last > 0 && constraints[last - 1] == 0) {
            last--;
        }
        for (int i = 0; i < last; i++) {
            b.append('.').append(String.format("%02X", constraints[i] & 0xFF));
        }
        return b.toString();
    }

    @Override
    public String profileName() {
        return switch (profile) {
            case 1 -> "Main";
            case 2 -> "Main10";
            case 3 -> "MainStillPicture";
            case 4 -> "RExt";
            default -> "Profile" + profile;
        };
    }

    /** general_level_idc is 30 times the level: 93 gives "3.1". */
    @Override
    public String levelName() {
        return (level / 30) + "." + (level % 30) / 3;
    }
}
