package dev.openivs.stream.ingest.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Writes outbound RTMP messages as chunks: a type-0 header on the first chunk, type-3 headers on the rest, with the
 * outbound chunk size (128 until a Set Chunk Size is sent). The server's messages are small and timestamp 0.
 */
public final class ChunkEncoder {
    public static final int CSID_CONTROL = 2;
    public static final int CSID_COMMAND = 3;
    public static final int CSID_STATUS = 5;

    private int chunkSize = 128;

    public int chunkSize() {
        return chunkSize;
    }

    /** Encodes one message; a Set Chunk Size message changes the size used for the following messages. */
    public ByteBuf encode(int csid, int type, int msid, long timestamp, ByteBuf payload) {
        int length = payload.readableBytes();
        ByteBuf out = Unpooled.buffer(length + 18 + (length / chunkSize) * 4);
        boolean extended = timestamp >= 0xFFFFFF;
        writeBasicHeader(out, 0, csid);
        out.writeMedium(extended ? 0xFFFFFF : (int) timestamp);
        out.writeMedium(length);
        out.writeByte(type);
        out.writeIntLE(msid);
        if (extended) {
            out.writeInt((int) timestamp);
        }
        int written = 0;
        do {
            int n = Math.min(chunkSize, length - written);
            if (written > 0) {
                writeBasicHeader(out, 3, csid);
                if (extended) {
                    out.writeInt((int) timestamp);
                }
            }
            out.writeBytes(payload, payload.readerIndex() + written, n);
            written += n;
        } while (written < length);
        if (type == RtmpMessage.SET_CHUNK_SIZE && msid == 0 && length >= 4) {
            chunkSize = payload.getInt(payload.readerIndex()) & 0x7FFFFFFF;
        }
        return out;
    }

    private static void writeBasicHeader(ByteBuf out, int fmt, int csid) {
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
    }

    /** A protocol-control message with one 32-bit value (Set Chunk Size, Acknowledgement, Window Ack Size). */
    public ByteBuf control(int type, long value) {
        ByteBuf p = Unpooled.buffer(4);
        p.writeInt((int) value);
        return encode(CSID_CONTROL, type, 0, 0, p);
    }

    public ByteBuf setPeerBandwidth(long window, int limitType) {
        ByteBuf p = Unpooled.buffer(5);
        p.writeInt((int) window);
        p.writeByte(limitType);
        return encode(CSID_CONTROL, RtmpMessage.SET_PEER_BANDWIDTH, 0, 0, p);
    }

    /** User Control event with a 32-bit argument (StreamBegin = 0, StreamEOF = 1, PingRequest = 6). */
    public ByteBuf userControl(int event, long value) {
        ByteBuf p = Unpooled.buffer(6);
        p.writeShort(event);
        p.writeInt((int) value);
        return encode(CSID_CONTROL, RtmpMessage.USER_CONTROL, 0, 0, p);
    }

    /** An AMF0 command message (type 20). */
    public ByteBuf command(int csid, int msid, Object... values) {
        ByteBuf p = Unpooled.buffer(128);
        Amf0.encode(p, values);
        return encode(csid, RtmpMessage.COMMAND_AMF0, msid, 0, p);
    }
}
