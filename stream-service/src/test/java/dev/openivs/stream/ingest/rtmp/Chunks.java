package dev.openivs.stream.ingest.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Builds raw RTMP chunk bytes for tests, header field by header field. */
final class Chunks {
    private final ByteBuf out = Unpooled.buffer();

    static Chunks create() {
        return new Chunks();
    }

    Chunks basic(int fmt, int csid) {
        if (csid < 64) {
            out.writeByte((fmt << 6) | csid);
        } else if (csid < 320) {
            out.writeByte(fmt << 6);
            out.writeByte(csid - 64);
        } else {
            out.writeByte((fmt << 6) | 1);
            out.writeByte((csid - 64) & 0xFF);
            out.writeByte((csid - 64) >> 8);
        }
        return this;
    }

    Chunks fmt0(int csid, long ts, int length, int type, int msid) {
        basic(0, csid);
        out.writeMedium(ts >= 0xFFFFFF ? 0xFFFFFF : (int) ts);
        out.writeMedium(length);
        out.writeByte(type);
        out.writeIntLE(msid);
        if (ts >= 0xFFFFFF) {
            out.writeInt((int) ts);
        }
        return this;
    }

    Chunks fmt1(int csid, long delta, int length, int type) {
        basic(1, csid);
        out.writeMedium((int) delta);
        out.writeMedium(length);
        out.writeByte(type);
        return this;
    }

    Chunks fmt2(int csid, long delta) {
        basic(2, csid);
        out.writeMedium((int) delta);
        return this;
    }

    Chunks fmt3(int csid) {
        return basic(3, csid);
    }

    Chunks u32(long v) {
        out.writeInt((int) v);
        return this;
    }

    Chunks bytes(byte[] b, int from, int to) {
        out.writeBytes(b, from, to - from);
        return this;
    }

    Chunks bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    byte[] toArray() {
        byte[] b = new byte[out.readableBytes()];
        out.getBytes(out.readerIndex(), b);
        return b;
    }

    static byte[] payload(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }
}
