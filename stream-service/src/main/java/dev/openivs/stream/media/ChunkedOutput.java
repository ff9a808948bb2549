package dev.openivs.stream.media;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A segment being written: a {@link ByteArrayOutputStream} (what the TS muxer writes to) whose bytes go into
 * chunks of {@link #CHUNK} bytes instead of one array that doubles as it fills. A 2 s segment of 2.5 Mbit/s used to
 * allocate 256 KB, 512 KB and 1 MB while it grew, and its exact-size copy last; those arrays lived through young
 * collections, were promoted and died in the old generation, which then needed a full collection every few seconds
 * at 25 streams. Here each byte is written once, and {@link #finish} hands the chunks over without a copy. Not
 * thread-safe (one per segmenter, on the stream's event loop); the inherited buffer is not used.
 */
public final class ChunkedOutput extends ByteArrayOutputStream {
    /** 32 KB: at most that much is left unused at a segment's end (about 5 % of a 2.5 Mbit/s 2 s segment). */
    public static final int CHUNK = 32 * 1024;
    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] last;
    private int lastLength;
    private int total;

    public ChunkedOutput() {
        super(0);
    }

    @Override
    public void write(int b) {
        if (last == null || lastLength == last.length) {
            next();
        }
        last[lastLength++] = (byte) b;
        total++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
            if (last == null || lastLength == last.length) {
                next();
            }
            int n = Math.min(len, last.length - lastLength);
            System.arraycopy(b, off, last, lastLength, n);
            lastLength += n;
            off += n;
            len -= n;
            total += n;
        }
    }

    @Override
    public void writeBytes(byte[] b) {
        write(b, 0, b.length);
    }

    private void next() {
        last = new byte[CHUNK];
        lastLength = 0;
        chunks.add(last);
    }

    @Override
    public int size() {
        return total;
    }

    @Override
    public byte[] toByteArray() {
        return finish().toArray();
    }

    @Override
    public void reset() {
        chunks.clear();
        last = null;
        lastLength = 0;
        total = 0;
    }

    /** The bytes written, as they are (the output is not written to afterwards). */
    public MediaBytes finish() {
        if (chunks.isEmpty()) {
            return MediaBytes.of(new byte[0]);
        }
        return MediaBytes.ofChunks(chunks, lastLength);
    }

    @Override
    public String toString() {
        return "ChunkedOutput[" + total + " bytes]";
    }
}
