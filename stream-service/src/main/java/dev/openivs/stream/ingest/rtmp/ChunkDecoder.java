package dev.openivs.stream.ingest.rtmp;

import io.netty.buffer.ByteBuf;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Incremental RTMP chunk-stream parser (inbound direction). Feed it whatever arrived from the socket; it consumes
 * only complete chunks, keeps per-chunk-stream header state (all four fmt types, extended timestamps, including
 * on fmt-3 continuation chunks), applies Set Chunk Size and Abort itself (they change how the very next chunk is
 * read) and emits every reassembled message. Bounds: message length, number of chunk streams, and the total
 * declared length of the messages in progress; payload buffers grow with the bytes actually received.
 */
public final class ChunkDecoder {
    private static final int DEFAULT_CHUNK_SIZE = 128;
    private static final RtmpMessage INCOMPLETE = new RtmpMessage(0, 0, 0, 0, new byte[0]);

    private final int maxMessageSize;
    private final int maxChunkStreams;
    private final Map<Integer, ChunkStream> streams = new HashMap<>();
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    private long partialBytes;
    private long reservedBytes;
    private long bytesRead;

    public ChunkDecoder(int maxMessageSize, int maxChunkStreams) {
        this.maxMessageSize = maxMessageSize;
        this.maxChunkStreams = maxChunkStreams;
    }

    /** Inbound chunk size currently in force. */
    public int chunkSize() {
        return chunkSize;
    }

    /** Total bytes consumed so far (for acknowledgements). */
    public long bytesRead() {
        return bytesRead;
    }

    /** Bytes held in partially received messages. */
    public long partialBytes() {
        return partialBytes;
    }

    /**
     * Consumes every complete chunk readable in {@code in} (leaving an incomplete one unread) and passes each
     * completed message to {@code out}.
     */
    public void decode(ByteBuf in, Consumer<RtmpMessage> out) {
        while (true) {
            int start = in.readerIndex();
            RtmpMessage message = readChunk(in);
            if (message == INCOMPLETE) {
                in.readerIndex(start);
                return;
            }
            bytesRead += in.readerIndex() - start;
            if (message != null) {
                control(message);
                out.accept(message);
            }
        }
    }

    private void control(RtmpMessage m) {
        if (m.msid() != 0 && m.type() <= RtmpMessage.ABORT) {
            return;
        }
        if (m.type() == RtmpMessage.SET_CHUNK_SIZE) {
            long size = u32(m.payload()) & 0x7FFFFFFFL;
            if (size < 1) {
                throw new RtmpProtocolException("invalid chunk size " + size);
            }
            chunkSize = (int) size;
        } else if (m.type() == RtmpMessage.ABORT) {
            ChunkStream cs = streams.get((int) u32(m.payload()));
            if (cs != null && cs.payload != null) {
                partialBytes -= cs.filled;
                reservedBytes -= cs.length;
                cs.payload = null;
                cs.filled = 0;
            }
        }
    }

    private static long u32(byte[] p) {
        if (p.length < 4) {
            throw new RtmpProtocolException("short control message");
        }
        return ((p[0] & 0xFFL) << 24) | ((p[1] & 0xFFL) << 16) | ((p[2] & 0xFFL) << 8) | (p[3] & 0xFFL);
    }

    /**
     * One chunk: the message it completes, null when the message goes on in later chunks, or {@link #INCOMPLETE}
     * when {@code in} does not hold the whole chunk yet (nothing is changed then; the caller rewinds). A sentinel,
     * not an exception: an incomplete chunk ends almost every socket read, and a thrown exception costs C2's
     * unwinding each time.
     */
    private RtmpMessage readChunk(ByteBuf in) {
        if (in.readableBytes() < 1) {
            return INCOMPLETE;
        }
        int b0 = in.readUnsignedByte();
        int fmt = b0 >>> 6;
        int csid = b0 & 0x3F;
        if (csid == 0) {
            if (in.readableBytes() < 1) {
                return INCOMPLETE;
            }
            csid = 64 + in.readUnsignedByte();
        } else if (csid == 1) {
            if (in.readableBytes() < 2) {
                return INCOMPLETE;
            }
            csid = 64 + in.readUnsignedByte() + in.readUnsignedByte() * 256;
        }
        ChunkStream cs = streams.get(csid);
        if (cs == null) {
            if (fmt != 0) {
                throw new RtmpProtocolException("chunk stream " + csid + " starts without a type-0 header");
            }
            if (streams.size() >= maxChunkStreams) {
                throw new RtmpProtocolException("too many chunk streams");
            }
        }
        boolean newMessage = cs == null || cs.payload == null;
        long tsField;
        int length;
        int type;
        int msid;
        if (cs == null) {
            cs = new ChunkStream();
        }
        switch (fmt) {
            case 0:
                if (in.readableBytes() < 11) {
                    return INCOMPLETE;
                }
                tsField = in.readUnsignedMedium();
                length = in.readUnsignedMedium();
                type = in.readUnsignedByte();
                msid = in.readIntLE();
                break;
            case 1:
                if (in.readableBytes() < 7) {
                    return INCOMPLETE;
                }
                tsField = in.readUnsignedMedium();
                length = in.readUnsignedMedium();
                type = in.readUnsignedByte();
                msid = cs.msid;
                break;
            case 2:
                if (in.readableBytes() < 3) {
                    return INCOMPLETE;
                }
                tsField = in.readUnsignedMedium();
                length = cs.length;
                type = cs.type;
                msid = cs.msid;
                break;
            default:
                tsField = cs.tsField;
                length = cs.length;
                type = cs.type;
                msid = cs.msid;
                break;
        }
        boolean extended = tsField == 0xFFFFFF;
        long extValue = -1;
        if (extended) {
            if (in.readableBytes() < 4) {
                return INCOMPLETE;
            }
            long peek = in.getUnsignedInt(in.readerIndex());
            // A continuation chunk repeats the extended timestamp (ffmpeg, the spec); some encoders omit it.
            if (fmt != 3 || newMessage || peek == cs.extValue) {
                in.skipBytes(4);
                extValue = peek;
            } else {
                extValue = cs.extValue;
            }
        }
        if (newMessage && (length > maxMessageSize || length < 0)) {
            throw new RtmpProtocolException("message of " + length + " bytes exceeds the limit");
        }
        int remaining = newMessage ? length : cs.length - cs.filled;
        int take = Math.min(remaining, chunkSize);
        if (in.readableBytes() < take) {
            return INCOMPLETE;
        }
        if (newMessage) {
            // As ffmpeg and librtmp read it: fmt 0 is absolute; fmt 1/2 carry a delta; fmt 3 on a new message
            // repeats the previous header's field (for a fmt-0 predecessor that is its absolute value).
            long field = extended ? extValue : tsField;
            cs.timestamp = (fmt == 0 ? field : cs.timestamp + field) & 0xFFFFFFFFL;
            cs.tsField = tsField;
            cs.extValue = extValue;
            cs.length = length;
            cs.type = type;
            cs.msid = msid;
            if (reservedBytes + length > maxMessageSize) {
                throw new RtmpProtocolException("too many bytes in partial messages");
            }
            reservedBytes += length;
            cs.payload = new byte[Math.min(length, 65536)];
            cs.filled = 0;
            streams.putIfAbsent(csid, cs);
        }
        if (cs.filled + take > cs.payload.length) {
            int cap = cs.payload.length;
            while (cap < cs.filled + take) {
                cap = Math.min(cs.length, cap * 2);
            }
            cs.payload = java.util.Arrays.copyOf(cs.payload, cap);
        }
        in.readBytes(cs.payload, cs.filled, take);
        cs.filled += take;
        partialBytes += take;
        if (cs.filled < cs.length) {
            return null;
        }
        byte[] payload = cs.payload.length == cs.length ? cs.payload : java.util.Arrays.copyOf(cs.payload, cs.length);
        partialBytes -= cs.filled;
        reservedBytes -= cs.length;
        cs.payload = null;
        cs.filled = 0;
        return new RtmpMessage(csid, cs.type, cs.msid, cs.timestamp, payload);
    }

    private static final class ChunkStream {
        long timestamp;
        long tsField;
        long extValue = -1;
        int length;
        int type;
        int msid;
        byte[] payload;
        int filled;
    }
}
