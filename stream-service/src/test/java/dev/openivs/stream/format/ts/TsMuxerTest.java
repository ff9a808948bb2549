package dev.openivs.stream.format.ts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.stream.media.AacConfig;
import dev.openivs.stream.media.AvcConfig;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class TsMuxerTest {
    public static final byte[] SPS = {0x67, 0x42, (byte) 0xC0, 0x1E, (byte) 0xD9, 0x00};
    public static final byte[] PPS = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
    public static final AvcConfig AVC = new AvcConfig(66, 0xC0, 30, 4, List.of(SPS), List.of(PPS), new byte[0]);
    public static final AacConfig AAC = AacConfig.parse(new byte[] {0x12, 0x10}, 0, 2); // AAC-LC 44.1 kHz stereo

    /** AVCC access unit: 4-byte lengths before each NAL unit. */
    public static byte[] avcc(byte[]... nals) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] n : nals) {
            b.write(n.length >>> 24);
            b.write(n.length >>> 16);
            b.write(n.length >>> 8);
            b.write(n.length);
            b.writeBytes(n);
        }
        return b.toByteArray();
    }

    public static byte[] nal(int header, int size) {
        byte[] n = new byte[size];
        n[0] = (byte) header;
        for (int i = 1; i < size; i++) {
            n[i] = (byte) (i * 7 + 1);
        }
        return n;
    }

    /** Concatenated payloads of the PES packets of {@code pid} (PES headers included). */
    public static byte[] payload(List<TsPackets.Packet> packets, int pid) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (TsPackets.Packet p : packets) {
            if (p.pid() == pid) {
                b.write(p.raw(), p.payloadStart(), 188 - p.payloadStart());
            }
        }
        return b.toByteArray();
    }

    public static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void shouldWriteWholeSyncedPacketsStartingWithPatAndPmt() {
        TsMuxer mux = new TsMuxer();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mux.writeTables(out, true);
        mux.writeVideo(out, AVC, 0, 66 * 90, true, avcc(nal(0x65, 5000)), 0, 5004);
        mux.writeAudio(out, AAC, 10 * 90, new byte[300], 0, 300);
        byte[] ts = out.toByteArray();
        assertEquals(0, ts.length % 188);
        List<TsPackets.Packet> packets = TsPackets.parse(ts);
        for (TsPackets.Packet p : packets) {
            assertEquals(0x47, p.raw()[0] & 0xFF);
        }
        assertEquals(0, packets.get(0).pid());
        assertEquals(TsMuxer.PMT_PID, packets.get(1).pid());
        // the PAT points at the PMT, and both sections carry a correct CRC
        byte[] pat = packets.get(0).raw();
        assertEquals(TsMuxer.PMT_PID, ((pat[15] & 0x1F) << 8) | (pat[16] & 0xFF));
        assertEquals(0, crcCheck(pat));
        byte[] pmt = packets.get(1).raw();
        assertEquals(0, crcCheck(pmt));
        assertEquals(0x1B, pmt[17] & 0xFF, "H.264 stream type");
        assertEquals(0x0F, pmt[22] & 0xFF, "AAC ADTS stream type");
    }

    /** CRC over section + CRC is 0 for a correct section (MPEG-2 property, no final xor). */
    private static int crcCheck(byte[] packet) {
        int len = ((packet[6] & 0x0F) << 8) | (packet[7] & 0xFF);
        return Crc32Mpeg2.of(packet, 5, 3 + len);
    }

    @Test
    void shouldCarryContinuityCountersAcrossSegments() {
        TsMuxer mux = new TsMuxer();
        Map<Integer, Integer> last = new HashMap<>();
        for (int seg = 0; seg < 3; seg++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            mux.writeTables(out, true);
            for (int f = 0; f < 20; f++) {
                long t = (seg * 1000L + f * 33) * 90;
                mux.writeVideo(out, AVC, t, t, f == 0, avcc(nal(f == 0 ? 0x65 : 0x41, 700 + f * 37)), 0, 704 + f * 37);
                mux.writeAudio(out, AAC, (seg * 1000L + f * 23) * 90, new byte[100 + f], 0, 100 + f);
            }
            for (TsPackets.Packet p : TsPackets.parse(out.toByteArray())) {
                Integer prev = last.put(p.pid(), p.cc());
                if (prev != null) {
                    assertEquals((prev + 1) & 0x0F, p.cc(), "continuity of PID " + p.pid() + " in segment " + seg);
                }
            }
        }
        assertTrue(last.keySet().containsAll(List.of(0, TsMuxer.PMT_PID, TsMuxer.VIDEO_PID, TsMuxer.AUDIO_PID)));
    }

    @Test
    void shouldStampPesWithNinetyKilohertzPtsDtsAndPcrBehindDts() {
        TsMuxer mux = new TsMuxer();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mux.writeVideo(out, AVC, 2000 * 90, 2067 * 90, true, avcc(nal(0x65, 100)), 0, 104);
        mux.writeAudio(out, AAC, 2010 * 90, new byte[50], 0, 50);
        List<TsPackets.Packet> packets = TsPackets.parse(out.toByteArray());
        TsPackets.Packet video = packets.get(0);
        assertTrue(video.pusi());
        assertEquals(2000 * 90 + TsMuxer.OFFSET_90K, TsPackets.timestamp(video, true), "DTS");
        assertEquals(2067 * 90 + TsMuxer.OFFSET_90K, TsPackets.timestamp(video, false), "PTS = DTS + CTS");
        assertEquals(2000 * 90 + TsMuxer.OFFSET_90K - TsMuxer.PCR_LAG_90K, TsPackets.pcr(video));
        assertEquals(0x40, video.raw()[5] & 0x40, "random access indicator on the keyframe");
        TsPackets.Packet audio = packets.stream().filter(p -> p.pid() == TsMuxer.AUDIO_PID).findFirst().orElseThrow();
        assertEquals(2010 * 90 + TsMuxer.OFFSET_90K, TsPackets.timestamp(audio, false));
        assertEquals(-1, TsPackets.timestamp(audio, true), "audio has no DTS");
    }

    @Test
    void shouldConvertAvccToAnnexBWithAudAndParameterSetsBeforeIdr() {
        TsMuxer mux = new TsMuxer();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] idr = nal(0x65, 400);
        byte[] sei = nal(0x06, 20);
        mux.writeVideo(out, AVC, 0, 0, true, avcc(sei, idr), 0, avcc(sei, idr).length);
        byte[] es = payload(TsPackets.parse(out.toByteArray()), TsMuxer.VIDEO_PID);
        int header = 9 + (es[8] & 0xFF);
        byte[] expectedStart = concat(new byte[] {0, 0, 0, 1, 9, (byte) 0xF0}, new byte[] {0, 0, 0, 1}, SPS,
                new byte[] {0, 0, 0, 1}, PPS, new byte[] {0, 0, 0, 1}, sei, new byte[] {0, 0, 0, 1}, idr);
        assertArrayEquals(expectedStart, java.util.Arrays.copyOfRange(es, header, header + expectedStart.length));

        ByteArrayOutputStream inter = new ByteArrayOutputStream();
        byte[] slice = nal(0x41, 100);
        mux.writeVideo(inter, AVC, 33 * 90, 33 * 90, false, avcc(slice), 0, 104);
        byte[] es2 = payload(TsPackets.parse(inter.toByteArray()), TsMuxer.VIDEO_PID);
        assertEquals(-1, indexOf(es2, SPS), "no SPS before a non-IDR frame");
        assertTrue(indexOf(es2, concat(new byte[] {0, 0, 0, 1}, slice)) > 0);
    }

    @Test
    void shouldPrefixAacWithAdtsHeaderFromAudioSpecificConfig() {
        TsMuxer mux = new TsMuxer();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] raw = new byte[200];
        mux.writeAudio(out, AAC, 0, raw, 0, raw.length);
        byte[] es = payload(TsPackets.parse(out.toByteArray()), TsMuxer.AUDIO_PID);
        int h = 9 + (es[8] & 0xFF);
        assertEquals(0xFF, es[h] & 0xFF);
        assertEquals(0xF1, es[h + 1] & 0xFF);
        assertEquals(1, (es[h + 2] & 0xFF) >>> 6, "profile = AAC-LC (object type 2) - 1");
        assertEquals(4, (es[h + 2] >>> 2) & 0x0F, "sampling index 4 = 44100 Hz");
        int channels = ((es[h + 2] & 1) << 2) | ((es[h + 3] & 0xFF) >>> 6);
        assertEquals(2, channels);
        int frameLength = ((es[h + 3] & 3) << 11) | ((es[h + 4] & 0xFF) << 3) | ((es[h + 5] & 0xFF) >>> 5);
        assertEquals(207, frameLength);
        int pesLength = ((es[4] & 0xFF) << 8) | (es[5] & 0xFF);
        assertEquals(3 + 5 + 207, pesLength);
    }

    @Test
    void shouldDeclareTimedId3InPmtWhenEnabled() {
        TsMuxer mux = new TsMuxer();
        mux.enableId3();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mux.writeTables(out, false);
        byte[] pmt = TsPackets.parse(out.toByteArray()).get(1).raw();
        assertEquals(0, crcCheck(pmt));
        assertTrue(indexOf(pmt, new byte[] {0x15, (byte) 0xE1, 0x02}) > 0, "stream type 0x15 on PID 0x102");
    }

    @Test
    void shouldWriteAudioOnlyTablesWithThePcrOnTheAudioPid() {
        TsMuxer mux = new TsMuxer();
        mux.audioOnly();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mux.writeTables(out, true);
        byte[] pmt = TsPackets.parse(out.toByteArray()).get(1).raw();
        assertEquals(0, crcCheck(pmt));
        assertTrue(indexOf(pmt, new byte[] {(byte) 0xE1, 0x01, (byte) 0xF0}) > 0, "PCR PID 0x101");
        assertTrue(indexOf(pmt, new byte[] {0x0F, (byte) 0xE1, 0x01}) > 0, "AAC on PID 0x101");
        assertEquals(-1, indexOf(pmt, new byte[] {0x1B, (byte) 0xE1, 0x00}), "no H.264 stream");

        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        mux.writeAudio(audio, AAC, 90_000, new byte[100], 0, 100);
        byte[] first = TsPackets.parse(audio.toByteArray()).get(0).raw();
        assertEquals(0x30, first[3] & 0x30, "adaptation field and payload");
        assertEquals(0x50, first[5] & 0x50, "random access and PCR flags");
        long pcrBase = ((first[6] & 0xFFL) << 25) | ((first[7] & 0xFFL) << 17) | ((first[8] & 0xFFL) << 9)
                | ((first[9] & 0xFFL) << 1) | ((first[10] & 0xFFL) >>> 7);
        assertEquals(90_000 + TsMuxer.OFFSET_90K - TsMuxer.PCR_LAG_90K, pcrBase, "PCR behind the PTS");
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }
}
