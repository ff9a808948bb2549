package dev.openivs.stream.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkDecoderTest {

    private static List<RtmpMessage> decodeAll(byte[] bytes, ChunkDecoder decoder) {
        List<RtmpMessage> out = new ArrayList<>();
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        decoder.decode(in, out::add);
        assertEquals(0, in.readableBytes(), "every complete chunk is consumed");
        return out;
    }

    /** Feeds one byte at a time: the result must not depend on how TCP splits the stream. */
    private static List<RtmpMessage> decodeByteByByte(byte[] bytes, ChunkDecoder decoder) {
        List<RtmpMessage> out = new ArrayList<>();
        ByteBuf in = Unpooled.buffer();
        for (byte b : bytes) {
            in.writeByte(b);
            decoder.decode(in, out::add);
            in.discardReadBytes();
        }
        assertEquals(0, in.readableBytes());
        return out;
    }

    @Test
    void shouldReadTypeZeroMessageWithLittleEndianStreamId() {
        byte[] p = Chunks.payload(20, 1);
        byte[] bytes = Chunks.create().fmt0(3, 1234, 20, 20, 0x01020304).bytes(p).toArray();
        List<RtmpMessage> m = decodeAll(bytes, new ChunkDecoder(1 << 20, 8));
        assertEquals(1, m.size());
        assertEquals(3, m.get(0).csid());
        assertEquals(20, m.get(0).type());
        assertEquals(0x01020304, m.get(0).msid());
        assertEquals(1234, m.get(0).timestamp());
        assertArrayEquals(p, m.get(0).payload());
    }

    @Test
    void shouldReassembleMessageSplitAcrossChunksInterleavedWithAnotherChunkStream() {
        byte[] video = Chunks.payload(300, 7);
        byte[] audio = Chunks.payload(50, 9);
        byte[] bytes = Chunks.create()
                .fmt0(6, 40, 300, 9, 1).bytes(video, 0, 128)
                .fmt0(4, 41, 50, 8, 1).bytes(audio)
                .fmt3(6).bytes(video, 128, 256)
                .fmt3(6).bytes(video, 256, 300)
                .toArray();
        for (List<RtmpMessage> m : List.of(decodeAll(bytes, new ChunkDecoder(1 << 20, 8)),
                decodeByteByByte(bytes, new ChunkDecoder(1 << 20, 8)))) {
            assertEquals(2, m.size());
            assertEquals(8, m.get(0).type());
            assertArrayEquals(audio, m.get(0).payload());
            assertEquals(9, m.get(1).type());
            assertEquals(40, m.get(1).timestamp());
            assertArrayEquals(video, m.get(1).payload());
        }
    }

    @Test
    void shouldApplyDeltasOfTypeOneTwoAndThreeHeaders() {
        byte[] p = Chunks.payload(10, 3);
        byte[] bytes = Chunks.create()
                .fmt0(4, 1000, 10, 8, 1).bytes(p)
                .fmt1(4, 33, 10, 8).bytes(p)
                .fmt2(4, 20).bytes(p)
                .fmt3(4).bytes(p)
                .toArray();
        List<RtmpMessage> m = decodeAll(bytes, new ChunkDecoder(1 << 20, 8));
        assertEquals(List.of(1000L, 1033L, 1053L, 1073L), m.stream().map(RtmpMessage::timestamp).toList());
        assertTrue(m.stream().allMatch(x -> x.msid() == 1 && x.type() == 8));
    }

    @Test
    void shouldReadExtendedTimestampsRepeatedOnContinuationChunks() {
        long ts = 16_800_000L; // above 0xFFFFFF, as with ffmpeg -output_ts_offset 16800
        byte[] p = Chunks.payload(200, 5);
        byte[] bytes = Chunks.create()
                .fmt0(6, ts, 200, 9, 1).bytes(p, 0, 128)
                .fmt3(6).u32(ts).bytes(p, 128, 200)
                .fmt1(6, 33, 200, 9).bytes(p, 0, 128)
                .fmt3(6).bytes(p, 128, 200)
                .toArray();
        List<RtmpMessage> m = decodeByteByByte(bytes, new ChunkDecoder(1 << 20, 8));
        assertEquals(2, m.size());
        assertEquals(ts, m.get(0).timestamp());
        assertArrayEquals(p, m.get(0).payload());
        assertEquals(ts + 33, m.get(1).timestamp());
        assertArrayEquals(p, m.get(1).payload());
    }

    @Test
    void shouldAcceptContinuationChunksThatOmitTheExtendedTimestamp() {
        long ts = 0x1000000L;
        byte[] p = Chunks.payload(200, 11);
        byte[] bytes = Chunks.create().fmt0(6, ts, 200, 9, 1).bytes(p, 0, 128).fmt3(6).bytes(p, 128, 200).toArray();
        List<RtmpMessage> m = decodeAll(bytes, new ChunkDecoder(1 << 20, 8));
        assertEquals(ts, m.get(0).timestamp());
        assertArrayEquals(p, m.get(0).payload());
    }

    @Test
    void shouldReadExtendedDeltaOnTypeThreeNewMessage() {
        byte[] p = Chunks.payload(4, 1);
        byte[] bytes = Chunks.create()
                .fmt0(4, 0, 4, 8, 1).bytes(p)
                .fmt1(4, 0xFFFFFF, 4, 8).u32(0x1000005L).bytes(p)
                .fmt3(4).u32(0x1000005L).bytes(p)
                .toArray();
        List<RtmpMessage> m = decodeAll(bytes, new ChunkDecoder(1 << 20, 8));
        assertEquals(List.of(0L, 0x1000005L, 0x200000AL), m.stream().map(RtmpMessage::timestamp).toList());
    }

    @Test
    void shouldChangeInboundChunkSizeMidStream() {
        byte[] big = Chunks.payload(3000, 2);
        byte[] bytes = Chunks.create()
                .fmt0(2, 0, 4, RtmpMessage.SET_CHUNK_SIZE, 0).u32(4096)
                .fmt0(6, 100, 3000, 9, 1).bytes(big)
                .toArray();
        ChunkDecoder decoder = new ChunkDecoder(1 << 20, 8);
        List<RtmpMessage> m = decodeByteByByte(bytes, decoder);
        assertEquals(2, m.size());
        assertEquals(4096, decoder.chunkSize());
        assertArrayEquals(big, m.get(1).payload());
    }

    @Test
    void shouldReadTwoAndThreeByteChunkStreamIds() {
        byte[] p = Chunks.payload(5, 4);
        byte[] bytes = Chunks.create().fmt0(100, 1, 5, 8, 1).bytes(p).fmt0(1000, 2, 5, 9, 1).bytes(p).toArray();
        List<RtmpMessage> m = decodeAll(bytes, new ChunkDecoder(1 << 20, 8));
        assertEquals(List.of(100, 1000), m.stream().map(RtmpMessage::csid).toList());
    }

    @Test
    void shouldDropPartialMessageOnAbort() {
        byte[] p = Chunks.payload(300, 6);
        byte[] q = Chunks.payload(10, 8);
        byte[] bytes = Chunks.create()
                .fmt0(6, 0, 300, 9, 1).bytes(p, 0, 128)
                .fmt0(2, 0, 4, RtmpMessage.ABORT, 0).u32(6)
                .fmt1(6, 10, 10, 9).bytes(q)
                .toArray();
        ChunkDecoder decoder = new ChunkDecoder(1 << 20, 8);
        List<RtmpMessage> m = decodeAll(bytes, decoder);
        assertEquals(2, m.size());
        assertArrayEquals(q, m.get(1).payload());
        assertEquals(0, decoder.partialBytes());
    }

    @Test
    void shouldRefuseMessagesAboveTheSizeLimit() {
        byte[] bytes = Chunks.create().fmt0(6, 0, 2_000_000, 9, 1).toArray();
        assertThrows(RtmpProtocolException.class, () -> decodeAll(bytes, new ChunkDecoder(1 << 20, 8)));
    }

    @Test
    void shouldRefuseTooManyChunkStreams() {
        Chunks c = Chunks.create();
        for (int csid = 3; csid < 13; csid++) {
            c.fmt0(csid, 0, 1, 8, 1).bytes(new byte[] {1});
        }
        assertThrows(RtmpProtocolException.class, () -> decodeAll(c.toArray(), new ChunkDecoder(1 << 20, 8)));
    }

    @Test
    void shouldRefuseChunkStreamStartingWithoutFullHeader() {
        byte[] bytes = Chunks.create().fmt3(5).bytes(new byte[] {1, 2}).toArray();
        assertThrows(RtmpProtocolException.class, () -> decodeAll(bytes, new ChunkDecoder(1 << 20, 8)));
    }

    @Test
    void shouldBoundBytesHeldInPartialMessages() {
        byte[] p = Chunks.payload(128, 1);
        byte[] bytes = Chunks.create()
                .fmt0(6, 0, 600_000, 9, 1).bytes(p)
                .fmt0(4, 0, 600_000, 8, 1).bytes(p)
                .toArray();
        assertThrows(RtmpProtocolException.class, () -> decodeAll(bytes, new ChunkDecoder(1 << 20, 8)));
    }

    @Test
    void shouldRoundTripWhatTheEncoderWrites() {
        ChunkEncoder encoder = new ChunkEncoder();
        ByteBuf all = Unpooled.buffer();
        all.writeBytes(encoder.control(RtmpMessage.SET_CHUNK_SIZE, 4096));
        byte[] p = Chunks.payload(10_000, 3);
        all.writeBytes(encoder.encode(5, 20, 1, 0x1234567L, Unpooled.wrappedBuffer(p)));
        List<RtmpMessage> m = new ArrayList<>();
        new ChunkDecoder(1 << 20, 8).decode(all, m::add);
        assertEquals(2, m.size());
        assertEquals(0x1234567L, m.get(1).timestamp());
        assertArrayEquals(p, m.get(1).payload());
    }
}
