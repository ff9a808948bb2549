package dev.openivs.stream.media;

/**
 * A parsed AudioSpecificConfig: audio object type, sampling frequency (index and Hz) and channel configuration.
 * {@link #codecString()} is the RFC 6381 {@code mp4a.40.N}.
 */
public record AacConfig(int objectType, int samplingIndex, int sampleRate, int channels, byte[] config) {
    private static final int[] RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000,
        11025, 8000, 7350};

    public static AacConfig parse(byte[] b, int off, int len) {
        if (len < 2) {
            throw new IllegalArgumentException("AudioSpecificConfig too short");
        }
        int bits = ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
        int aot = bits >>> 11;
        int srIndex = (bits >>> 7) & 0x0F;
        int channels = (bits >>> 3) & 0x0F;
        int rate;
        if (srIndex == 15) {
            if (len < 5) {
                throw new IllegalArgumentException("AudioSpecificConfig too short");
            }
            // explicit 24-bit frequency follows the index
            long v = ((long) (b[off] & 0xFF) << 32) | ((long) (b[off + 1] & 0xFF) << 24)
                    | ((long) (b[off + 2] & 0xFF) << 16) | ((long) (b[off + 3] & 0xFF) << 8) | (b[off + 4] & 0xFF);
            rate = (int) ((v >>> 7) & 0xFFFFFF);
            channels = (int) ((v >>> 3) & 0x0F);
        } else if (srIndex < RATES.length) {
            rate = RATES[srIndex];
        } else {
            throw new IllegalArgumentException("bad sampling frequency index");
        }
        return new AacConfig(aot, srIndex, rate, channels, java.util.Arrays.copyOfRange(b, off, off + len));
    }

    public String codecString() {
        return "mp4a.40." + objectType;
    }
}
