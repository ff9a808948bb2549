package dev.openivs.stream.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The bytes of one finished segment, immutable: a list of fixed-size chunks as {@link ChunkedOutput} wrote them
 * (the last one partly filled), or one array. A live segment is held for its whole window (about 26 s), so its
 * bytes outlive every young collection: written once into chunks, they are promoted once, never regrown or
 * copied into an exact-size array, and served without a copy.
 *
 * <p>Once a segment leaves the playlist it may be moved to a file ({@code hls.RetiredSegments}): {@link #read}
 * then reads it from there. The content never changes, only where it is held; {@link #inMemory} tells which.
 */
public final class MediaBytes {
    private final int length;
    private volatile byte[][] chunks;
    private final int lastLength;
    private volatile Path file;
    private final java.util.concurrent.atomic.AtomicBoolean moveAsked = new java.util.concurrent.atomic.AtomicBoolean();

    private MediaBytes(byte[][] chunks, int lastLength, int length) {
        this.chunks = chunks;
        this.lastLength = lastLength;
        this.length = length;
    }

    /** The bytes of {@code data} (not copied: the caller does not change it afterwards). */
    public static MediaBytes of(byte[] data) {
        return new MediaBytes(new byte[][] {data}, data.length, data.length);
    }

    /** The arrays one after the other (each whole; none is changed afterwards), e.g. a segment's parts. */
    public static MediaBytes ofArrays(List<byte[]> arrays) {
        if (arrays.isEmpty()) {
            return of(new byte[0]);
        }
        return ofChunks(arrays, arrays.get(arrays.size() - 1).length);
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

    /** Whether the bytes are in memory (else in {@link #file}). */
    public boolean inMemory() {
        return chunks != null;
    }

    /** The file the bytes were moved to, or null. */
    public Path file() {
        return file;
    }

    /** The bytes for an HTTP response: the chunks wrapped (not copied), or the file read on a worker thread. */
    public Future<Buffer> read(Vertx vertx) {
        byte[][] c = chunks;
        if (c != null) {
            return Future.succeededFuture(wrap(c));
        }
        return vertx.fileSystem().readFile(file.toString());
    }

    /** The in-memory chunks as NIO buffers (for writing them to a file); null once moved. */
    public ByteBuffer[] nioBuffers() {
        byte[][] c = chunks;
        if (c == null) {
            return null;
        }
        ByteBuffer[] out = new ByteBuffer[c.length];
        for (int i = 0; i < c.length; i++) {
            out[i] = ByteBuffer.wrap(c[i], 0, i == c.length - 1 ? lastLength : c[i].length);
        }
        return out;
    }

    /**
     * True the first time only: the caller may queue the move to a file (a segment is asked to move when its parts
     * stop being served and again when it leaves the playlist; it is written once).
     */
    public boolean askMove() {
        return moveAsked.compareAndSet(false, true);
    }

    /** A move asked for could not be queued: it may be asked for again. */
    public void moveNotQueued() {
        moveAsked.set(false);
    }

    /** The bytes are now in {@code to} (complete, {@link #length} bytes): the memory is let go. */
    public void movedTo(Path to) {
        this.file = to;
        this.chunks = null;
    }

    private Buffer wrap(byte[][] c) {
        if (c.length == 1) {
            return Buffer.buffer(Unpooled.wrappedBuffer(c[0], 0, lastLength).asReadOnly());
        }
        ByteBuf[] parts = new ByteBuf[c.length];
        for (int i = 0; i < c.length; i++) {
            parts[i] = Unpooled.wrappedBuffer(c[i], 0, i == c.length - 1 ? lastLength : c[i].length);
        }
        return Buffer.buffer(Unpooled.wrappedBuffer(c.length, parts).asReadOnly());
    }

    /** A copy in one array (recordings, tests); read from the file when moved. */
    public byte[] toArray() {
        byte[][] c = chunks;
        if (c == null) {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        byte[] out = new byte[length];
        int at = 0;
        for (int i = 0; i < c.length; i++) {
            int n = i == c.length - 1 ? lastLength : c[i].length;
            System.arraycopy(c[i], 0, out, at, n);
            at += n;
        }
        return out;
    }

    @Override
    public String toString() {
        byte[][] c = chunks;
        return "MediaBytes[" + length + " bytes" + (c != null ? " in " + c.length + " chunks]" : " in " + file + "]");
    }
}
