package dev.openivs.stream.media;

/** Reads big-endian bit fields and Exp-Golomb codes; throws IllegalArgumentException past the end. */
final class BitReader {
    private final byte[] data;
    private final int end;
    private int bit;

    BitReader(byte[] data, int offset, int length) {
        this.data = data;
        this.bit = offset * 8;
        this.end = (offset + length) * 8;
    }

    /** The RBSP of a NAL unit: its {@code headerBytes} dropped and the emulation-prevention bytes removed. */
    static BitReader rbsp(byte[] nal, int headerBytes) {
        byte[] out = unescape(nal, headerBytes);
        return new BitReader(out, 0, out.length);
    }

    /** A NAL unit's payload without its {@code headerBytes} and emulation-prevention bytes (00 00 03). */
    static byte[] unescape(byte[] nal, int headerBytes) {
        byte[] out = new byte[nal.length];
        int n = 0;
        int zeros = 0;
        for (int i = headerBytes; i < nal.length; i++) {
            int b = nal[i] & 0xFF;
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            out[n++] = (byte) b;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    long bits(int n) {
        if (bit + n > end) {
            throw new IllegalArgumentException("truncated");
        }
        long v = 0;
        for (int i = 0; i < n; i++, bit++) {
            v = (v << 1) | ((data[bit >>> 3] >>> (7 - (bit & 7))) & 1);
        }
        return v;
    }

    int bit() {
        return (int) bits(1);
    }

    void skip(int n) {
        bits(0);
        if (bit + n > end) {
            throw new IllegalArgumentException("truncated");
        }
        bit += n;
    }

    /** Unsigned Exp-Golomb (ue(v)). */
    int ue() {
        int zeros = 0;
        while (bit() == 0) {
            if (++zeros > 31) {
                throw new IllegalArgumentException("bad Exp-Golomb code");
            }
        }
        return (int) ((1L << zeros) - 1 + bits(zeros));
    }

    /** AV1 uvlc(). */
    long uvlc() {
        int zeros = 0;
        while (bit() == 0) {
            if (++zeros >= 32) {
                return (1L << 32) - 1;
            }
        }
        return (1L << zeros) - 1 + bits(zeros);
    }
}
