package dev.openivs.stream.format.ts;

import java.util.ArrayList;
import java.util.List;

/** Reads back what the muxer wrote: packets, PIDs, continuity counters, PES headers (test helper). */
public final class TsPackets {
    public record Packet(int pid, boolean pusi, int cc, boolean hasPayload, int payloadStart, byte[] raw) {
    }

    private TsPackets() {
    }

    public static List<Packet> parse(byte[] ts) {
        List<Packet> out = new ArrayList<>();
        for (int i = 0; i + 188 <= ts.length; i += 188) {
            byte[] p = java.util.Arrays.copyOfRange(ts, i, i + 188);
            int pid = ((p[1] & 0x1F) << 8) | (p[2] & 0xFF);
            int afc = (p[3] >>> 4) & 3;
            int start = 4;
            if ((afc & 2) != 0) {
                start += 1 + (p[4] & 0xFF);
            }
            out.add(new Packet(pid, (p[1] & 0x40) != 0, p[3] & 0x0F, (afc & 1) != 0, start, p));
        }
        return out;
    }

    /** PTS (or DTS when {@code dts}) of the PES starting in this packet; -1 when absent. */
    public static long timestamp(Packet p, boolean dts) {
        byte[] b = p.raw();
        int s = p.payloadStart();
        int flags = b[s + 7] & 0xFF;
        int at = s + 9;
        if (dts) {
            if ((flags & 0x40) == 0) {
                return -1;
            }
            at += 5;
        } else if ((flags & 0x80) == 0) {
            return -1;
        }
        return ((long) (b[at] & 0x0E) << 29) | ((b[at + 1] & 0xFF) << 22) | (((b[at + 2] & 0xFE)) << 14)
                | ((b[at + 3] & 0xFF) << 7) | ((b[at + 4] & 0xFE) >>> 1);
    }

    /** PCR base of the packet's adaptation field, or -1. */
    public static long pcr(Packet p) {
        byte[] b = p.raw();
        if (((b[3] >>> 4) & 2) == 0 || (b[4] & 0xFF) == 0 || (b[5] & 0x10) == 0) {
            return -1;
        }
        return ((long) (b[6] & 0xFF) << 25) | ((b[7] & 0xFF) << 17) | ((b[8] & 0xFF) << 9) | ((b[9] & 0xFF) << 1)
                | ((b[10] & 0xFF) >>> 7);
    }
}
