package dev.openivs.stream.format.ts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The SCTE-35 splice_insert sections of ad breaks, read back field by field (ANSI/SCTE 35 2022, 9.6 and 9.7.3). */
class Scte35Test {
    /** The splice_insert example of SCTE 35 (14.2): its CRC_32 and the flag layout this encoder shares with it. */
    private static final byte[] SPEC_EXAMPLE = Base64.getDecoder()
            .decode("/DAvAAAAAAAA///wFAVIAACPf+/+c2nALv4AUsz1AAAAAAAKAAhDVUVJAAABNWLbowo=");

    /** A reader of the fields in order, as a decoder would read them. */
    private static final class Bits {
        private final byte[] b;
        private int bit;

        Bits(byte[] b) {
            this.b = b;
        }

        long read(int n) {
            long v = 0;
            for (int i = 0; i < n; i++, bit++) {
                v = (v << 1) | ((b[bit >> 3] >> (7 - (bit & 7))) & 1);
            }
            return v;
        }

        int position() {
            return bit / 8;
        }
    }

    /** The decoded splice_insert: out_of_network, duration (90 kHz, -1 when absent), auto_return, event id. */
    private record Insert(long eventId, boolean out, boolean immediate, long duration, boolean autoReturn) {
    }

    private static Insert decode(byte[] s) {
        Bits r = new Bits(s);
        assertEquals(0xFC, r.read(8), "table_id");
        assertEquals(0, r.read(1), "section_syntax_indicator");
        assertEquals(0, r.read(1), "private_indicator");
        r.read(2); // sap_type
        assertEquals(s.length - 3, r.read(12), "section_length");
        assertEquals(0, r.read(8), "protocol_version");
        assertEquals(0, r.read(1), "encrypted_packet");
        r.read(6);
        r.read(33); // pts_adjustment
        r.read(8); // cw_index
        assertEquals(0xFFF, r.read(12), "tier");
        long commandLength = r.read(12);
        assertEquals(5, r.read(8), "splice_command_type: splice_insert");
        int commandStart = r.position();
        long eventId = r.read(32);
        assertEquals(0, r.read(1), "splice_event_cancel_indicator");
        r.read(7);
        boolean out = r.read(1) == 1;
        assertEquals(1, r.read(1), "program_splice_flag");
        boolean duration = r.read(1) == 1;
        boolean immediate = r.read(1) == 1;
        r.read(4);
        if (!immediate) {
            if (r.read(1) == 1) {
                r.read(6);
                r.read(33);
            } else {
                r.read(7);
            }
        }
        long breakDuration = -1;
        boolean autoReturn = false;
        if (duration) {
            autoReturn = r.read(1) == 1;
            r.read(6);
            breakDuration = r.read(33);
        }
        r.read(16); // unique_program_id
        r.read(8); // avail_num
        r.read(8); // avails_expected
        assertEquals(commandLength, r.position() - commandStart, "splice_command_length");
        long descriptors = r.read(16);
        for (long i = 0; i < descriptors; i++) {
            r.read(8);
        }
        assertEquals(s.length - 4, r.position(), "CRC_32 follows");
        int crc = Crc32Mpeg2.of(s, 0, s.length - 4);
        assertEquals(crc, (int) r.read(32), "CRC_32");
        return new Insert(eventId, out, immediate, breakDuration, autoReturn);
    }

    @Test
    void shouldReadTheSpecificationsExampleWithTheSameReaderAndCrc() {
        Insert example = decode(SPEC_EXAMPLE);
        assertEquals(0x4800008FL, example.eventId());
        assertTrue(example.out());
        assertFalse(example.immediate());
        assertEquals(0x0052CCF5L, example.duration(), "60.293 s");
        assertTrue(example.autoReturn());
    }

    @Test
    void shouldWriteACueOutWithTheBreakDurationAndACueInOfTheSameEvent() {
        byte[] out = Scte35.spliceOut(0xCAFE0001L, 30);
        Insert o = decode(out);
        assertEquals(0xCAFE0001L, o.eventId());
        assertTrue(o.out());
        assertTrue(o.immediate());
        assertEquals(30 * 90_000L, o.duration());
        assertTrue(o.autoReturn());
        assertEquals(35, out.length, "14 header + 15 command + 2 descriptor length + 4 CRC");

        Insert in = decode(Scte35.spliceIn(0xCAFE0001L));
        assertEquals(0xCAFE0001L, in.eventId());
        assertFalse(in.out());
        assertTrue(in.immediate());
        assertEquals(-1, in.duration());

        // 300 s is 27,000,000 ticks: the 33-bit field holds it
        assertEquals(300 * 90_000L, decode(Scte35.spliceOut(7, 300)).duration());
    }

    @Test
    void shouldWriteTheHexSequenceAnHlsAttributeTakes() {
        byte[] in = Scte35.spliceIn(1);
        String hex = Scte35.hex(in);
        assertTrue(hex.matches("0x[0-9A-F]+"), hex);
        assertEquals(HexFormat.of().formatHex(in), hex.substring(2).toLowerCase());
        assertTrue(hex.startsWith("0xFC30"), hex);
    }
}
