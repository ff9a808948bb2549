package dev.openivs.stream.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkedOutputTest {
    @Test
    void bytesWrittenAcrossChunkBoundariesComeBackInOrder() {
        Random random = new Random(7);
        byte[] expected = new byte[ChunkedOutput.CHUNK * 3 + 1234];
        random.nextBytes(expected);
        ChunkedOutput out = new ChunkedOutput();
        int at = 0;
        // TS packets, single bytes and a write larger than a chunk, as the muxer mixes them
        while (at < expected.length) {
            int n = Math.min(expected.length - at, switch (at % 3) {
                case 0 -> 188;
                case 1 -> 1;
                default -> ChunkedOutput.CHUNK + 17;
            });
            if (n == 1) {
                out.write(expected[at]);
            } else {
                out.write(expected, at, n);
            }
            at += n;
            assertEquals(at, out.size());
        }
        MediaBytes bytes = out.finish();
        assertEquals(expected.length, bytes.length());
        assertArrayEquals(expected, bytes.toArray());
        Buffer buffer = bytes.read(null).result();
        assertEquals(expected.length, buffer.length());
        assertArrayEquals(expected, buffer.getBytes());
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, 100, ChunkedOutput.CHUNK + 300),
                buffer.getBytes(100, ChunkedOutput.CHUNK + 300), "a range across a chunk boundary");
    }

    @Test
    void exactlyFullChunksAndEmptyOutput() {
        ChunkedOutput out = new ChunkedOutput();
        assertEquals(0, out.finish().length());
        byte[] two = new byte[ChunkedOutput.CHUNK * 2];
        new Random(3).nextBytes(two);
        out.writeBytes(two);
        assertArrayEquals(two, out.finish().toArray());
        assertArrayEquals(two, out.toByteArray());
    }

    @Test
    void oneArrayIsWrappedNotCopied() {
        byte[] data = {1, 2, 3};
        MediaBytes bytes = MediaBytes.of(data);
        assertEquals(3, bytes.read(null).result().length());
        assertArrayEquals(data, bytes.toArray());
    }
}
