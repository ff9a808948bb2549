package dev.openivs.stream.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.List;

/**
 * The bytes of one finished segment, immutable: a list of fixed-size chunks as {@link ChunkedOutput} wrote them
 * (the last one partly filled), or one array. A live segment is held for its whole window (about 26 s), so its
 * bytes outlive every young collection: written once into chunks, they are promoted once, never regrown or
 * copied into an exact-size array, and served without a copy ({@link #buffer()}).
 */
public final class MediaBytes {
    private final byte[][] chunks;
    private final int lastLength;
    private final int length;

    private MediaBytes(byte[][] chunks, int lastLength, int length) {
        this.chunks = chunks;
        this.lastLength = lastLength;
        this.length = length;
    }

    /** The bytes of {@code data} (not copied: the caller does not change it afterwards). */
    public static MediaBytes of(byte[] data) {
        return new MediaBytes(new byte[][] {data}, data.length, data.length);
    }

    /** Full chunks followed by {@code lastLength} bytes of the last one. */
    static MediaBytes ofChunks(List<byte[]> chunks, int lastLength) {
        int length = 0;
        for (int i = 0; i < chunks.size(); i++) {
            length += i == chunks.size() - 1 ? lastLength : chunks.get(i).length;
        }
        return new MediaBytes(chunks.toArray(new byte[0][]), lastLength, length);
    }

    public int length() {
        return length;
    }

    /** A read-only view for an HTTP response: the chunks wrapped, not copied. */
    public Buffer buffer() {
        if (chunks.length == 1) {
            return Buffer.buffer(Unpooled.wrappedBuffer(chunks[0], 0, lastLength).asReadOnly());
        }
        ByteBuf[] parts = new ByteBuf[chunks.length];
        for (int i = 0; i < chunks.length; i++) {
            parts[i] = Unpooled.wrappedBuffer(chunks[i], 0, i == chunks.length - 1 ? lastLength : chunks[i].length);
        }
        return Buffer.buffer(Unpooled.wrappedBuffer(chunks.length, parts).asReadOnly());
    }

    /** A copy in one array (recordings, tests). */
    public byte[] toArray() {
        if (chunks.length == 1 && chunks[0].length == length) {
            return chunks[0].clone();
        }
        byte[] out = new byte[length];
        int at = 0;
        for (int i = 0; i < chunks.length; i++) {
            int n = i == chunks.length - 1 ? lastLength : chunks[i].length;
            System.arraycopy(chunks[i], 0, out, at, n);
            at += n;
        }
        return out;
    }

    @Override
    public String toString() {
        return "MediaBytes[" + length + " bytes in " + chunks.length + " chunks]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MediaBytes m && m.length == length && Arrays.equals(m.toArray(), toArray());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toArray());
    }
}
