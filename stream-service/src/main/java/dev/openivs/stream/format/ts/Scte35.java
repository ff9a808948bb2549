package dev.openivs.stream.format.ts;

import java.util.HexFormat;

/**
 * SCTE-35 (ANSI/SCTE 35 2022) {@code splice_info_section}s carrying one {@code splice_insert()} command, as HLS
 * {@code EXT-X-DATERANGE} tags carry them in {@code SCTE35-OUT}/{@code SCTE35-IN} (RFC 8216bis 4.4.5.1.1).
 * Hand-written because it is 26 bytes of fixed layout plus the MPEG-2 CRC this package already has: no maintained
 * Java library writes SCTE-35 (the maintained ones, threefive and libscte35, are Python and C tools).
 *
 * <p>Layout: table_id 0xFC; section_syntax_indicator 0, private_indicator 0, sap_type 3 (not specified),
 * section_length; protocol_version 0; not encrypted; pts_adjustment 0; cw_index 0; tier 0xFFF;
 * splice_command_length; splice_command_type 5 (splice_insert); the command; descriptor_loop_length 0; CRC_32.
 * The splice is immediate ({@code splice_immediate_flag}): the DATERANGE's START-DATE says where it is.
 */
public final class Scte35 {
    public static final int TABLE_ID = 0xFC;
    public static final int SPLICE_INSERT = 0x05;

    private Scte35() {
    }

    /**
     * The cue-out: {@code out_of_network_indicator} 1, {@code break_duration} with {@code auto_return} 1 and the
     * duration in 90 kHz ticks.
     */
    public static byte[] spliceOut(long eventId, int durationSeconds) {
        return spliceInsert(eventId, true, durationSeconds * 90_000L);
    }

    /** The cue-in (return to the network) of the same event: {@code out_of_network_indicator} 0, no duration. */
    public static byte[] spliceIn(long eventId) {
        return spliceInsert(eventId, false, -1);
    }

    /** {@code 0x}-prefixed upper-case hex, the form of an HLS hexadecimal-sequence attribute value. */
    public static String hex(byte[] section) {
        return "0x" + HexFormat.of().withUpperCase().formatHex(section);
    }

    static byte[] spliceInsert(long eventId, boolean out, long duration90k) {
        boolean hasDuration = duration90k >= 0;
        int commandLength = 4 + 1 + 1 + (hasDuration ? 5 : 0) + 2 + 1 + 1;
        int total = 14 + commandLength + 2 + 4;
        byte[] b = new byte[total];
        int sectionLength = total - 3;
        b[0] = (byte) TABLE_ID;
        // section_syntax_indicator 0, private_indicator 0, sap_type 11, section_length (12 bits)
        b[1] = (byte) (0x30 | ((sectionLength >> 8) & 0x0F));
        b[2] = (byte) sectionLength;
        b[3] = 0; // protocol_version
        // encrypted_packet 0, encryption_algorithm 0, pts_adjustment (33 bits) 0: bytes 4..8
        b[9] = 0; // cw_index
        // tier 0xFFF (12 bits), splice_command_length (12 bits)
        b[10] = (byte) 0xFF;
        b[11] = (byte) (0xF0 | ((commandLength >> 8) & 0x0F));
        b[12] = (byte) commandLength;
        b[13] = (byte) SPLICE_INSERT;
        int i = 14;
        b[i++] = (byte) (eventId >>> 24);
        b[i++] = (byte) (eventId >>> 16);
        b[i++] = (byte) (eventId >>> 8);
        b[i++] = (byte) eventId;
        b[i++] = 0x7F; // splice_event_cancel_indicator 0, reserved 7 bits
        // out_of_network_indicator, program_splice_flag 1, duration_flag, splice_immediate_flag 1,
        // event_id_compliance_flag 1, reserved 3 bits
        b[i++] = (byte) ((out ? 0x80 : 0) | 0x40 | (hasDuration ? 0x20 : 0) | 0x10 | 0x08 | 0x07);
        if (hasDuration) {
            // break_duration(): auto_return 1, reserved 6 bits, duration (33 bits)
            b[i++] = (byte) (0x80 | 0x7E | ((duration90k >>> 32) & 0x01));
            b[i++] = (byte) (duration90k >>> 24);
            b[i++] = (byte) (duration90k >>> 16);
            b[i++] = (byte) (duration90k >>> 8);
            b[i++] = (byte) duration90k;
        }
        i += 2; // unique_program_id 0
        i += 2; // avail_num 0, avails_expected 0
        i += 2; // descriptor_loop_length 0
        int crc = Crc32Mpeg2.of(b, 0, i);
        b[i++] = (byte) (crc >>> 24);
        b[i++] = (byte) (crc >>> 16);
        b[i++] = (byte) (crc >>> 8);
        b[i] = (byte) crc;
        return b;
    }
}
