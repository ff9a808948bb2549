package dev.openivs.stream.media;

import java.util.Arrays;

/**
 * A parsed AV1CodecConfigurationRecord ({@code av1C}, AV1-ISOBMFF 2.3): profile, level, tier and bit depth (for
 * the RFC 6381 string {@code av01.P.LLT.DD}) and the picture size of the sequence header OBU it carries (AV1
 * 5.5.1: max_frame_width/height), when it carries one.
 */
public record Av1Config(int profile, int levelIndex, boolean highTier, int bitDepth, int width, int height,
        byte[] record) implements VideoConfig {
    private static final int OBU_SEQUENCE_HEADER = 1;

    public static Av1Config parse(byte[] b, int off, int len) {
        if (len < 4 || (b[off] & 0xFF) != 0x81) {
            throw new IllegalArgumentException("not an AV1CodecConfigurationRecord");
        }
        int profile = (b[off + 1] & 0xFF) >>> 5;
        int level = b[off + 1] & 0x1F;
        int f = b[off + 2] & 0xFF;
        boolean highBitdepth = (f & 0x40) != 0;
        int depth = highBitdepth ? (profile == 2 && (f & 0x20) != 0 ? 12 : 10) : 8;
        int[] size = sequenceHeaderSize(b, off + 4, off + len);
        return new Av1Config(profile, level, (f & 0x80) != 0, depth, size == null ? 0 : size[0],
                size == null ? 0 : size[1], Arrays.copyOfRange(b, off, off + len));
    }

    /** The frame size of the first sequence header among the OBUs in {@code [p, end)}, or null. */
    static int[] sequenceHeaderSize(byte[] b, int p, int end) {
        try {
            while (p < end) {
                int h = b[p] & 0xFF;
                int type = (h >>> 3) & 0x0F;
                boolean ext = (h & 0x04) != 0;
                boolean hasSize = (h & 0x02) != 0;
                p += ext ? 2 : 1;
                long size = end - p;
                if (hasSize) {
                    size = 0;
                    for (int i = 0; i < 8; i++) {
                        int v = b[p++] & 0xFF;
                        size |= (long) (v & 0x7F) << (7 * i);
                        if ((v & 0x80) == 0) {
                            break;
                        }
                    }
                }
                if (size < 0 || p + size > end) {
                    return null;
                }
                if (type == OBU_SEQUENCE_HEADER) {
                    return sequenceHeader(new BitReader(b, p, (int) size));
                }
                p += (int) size;
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    private static int[] sequenceHeader(BitReader r) {
        r.skip(3); // seq_profile
        r.skip(1); // still_picture
        boolean reduced = r.bit() == 1;
        if (reduced) {
            r.skip(5);
        } else {
            boolean decoderModelInfo = false;
            int bufferDelayLength = 0;
            if (r.bit() == 1) { // timing_info_present_flag
                r.skip(64);
                if (r.bit() == 1) { // equal_picture_interval
                    r.uvlc();
                }
                decoderModelInfo = r.bit() == 1;
                if (decoderModelInfo) {
                    bufferDelayLength = (int) r.bits(5) + 1;
                    r.skip(32 + 5 + 5);
                }
            }
            boolean initialDisplayDelay = r.bit() == 1;
            int ops = (int) r.bits(5) + 1;
            for (int i = 0; i < ops; i++) {
                r.skip(12);
                if (r.bits(5) > 7) {
                    r.skip(1);
                }
                if (decoderModelInfo && r.bit() == 1) {
                    r.skip(2 * bufferDelayLength + 1);
                }
                if (initialDisplayDelay && r.bit() == 1) {
                    r.skip(4);
                }
            }
        }
        int wBits = (int) r.bits(4) + 1;
        int hBits = (int) r.bits(4) + 1;
        int w = (int) r.bits(wBits) + 1;
        int h = (int) r.bits(hBits) + 1;
        return new int[] {w, h};
    }

    @Override
    public String sampleEntry() {
        return "av01";
    }

    @Override
    public String configBox() {
        return "av1C";
    }

    @Override
    public String codecName() {
        return "AV1";
    }

    @Override
    public int[] size() {
        return width > 0 ? new int[] {width, height} : null;
    }

    @Override
    public String codecString() {
        return String.format("av01.%d.%02d%c.%02d", profile, levelIndex, highTier ? 'H' : 'M', bitDepth);
    }

    @Override
    public String profileName() {
        return switch (profile) {
            case 0 -> "Main";
            case 1 -> "High";
            case 2 -> "Professional";
            default -> "Profile" + profile;
        };
    }

    /** seq_level_idx 8 is level 4.0 (AV1 Annex A.3: 2 + idx/4 . idx%4). */
    @Override
    public String levelName() {
        return (2 + (levelIndex >> 2)) + "." + (levelIndex & 3);
    }
}
