package dev.openivs.stream.format.ts;

import dev.openivs.stream.media.AacConfig;
import dev.openivs.stream.media.AvcConfig;
import java.io.ByteArrayOutputStream;

/**
 * A minimal MPEG-TS muxer for HLS: H.264 (Annex B, with AUD and SPS/PPS before every IDR) on {@link #VIDEO_PID},
 * AAC with ADTS headers on {@link #AUDIO_PID}, PAT/PMT written at the start of every segment, PCR on the video PID.
 * Continuity counters live in the muxer, so they carry on across segments (ffmpeg's HLS demuxer reports corrupt
 * packets at every segment boundary when they restart). Not thread-safe: one muxer per stream, used on the stream's
 * event loop.
 *
 * <p>Timestamps are 90 kHz ticks from the session's start (see {@link TsSegmenter}); they are written shifted by
 * {@link #OFFSET_90K} (room for the PCR lag and negative composition offsets), modulo 2^33.
 */
public final class TsMuxer {
    public static final int PACKET = 188;
    public static final int PMT_PID = 0x1000;
    public static final int VIDEO_PID = 0x100;
    public static final int AUDIO_PID = 0x101;
    public static final int ID3_PID = 0x102;
    /** 1 s: the 90 kHz clock starts here for the session's time 0. */
    public static final long OFFSET_90K = 90_000;
    /** The PCR runs this far behind the video DTS (decoder buffering). */
    public static final long PCR_LAG_90K = 9_000;
    private static final long MASK_33 = (1L << 33) - 1;
    private static final byte[] START = {0, 0, 0, 1};
    private static final byte[] AUD = {0, 0, 0, 1, 9, (byte) 0xF0};

    private final int[] cc = new int[0x2000];
    private boolean id3;
    private boolean audioOnly;

    /** Declares the timed-ID3 stream in the PMT from now on. */
    public void enableId3() {
        this.id3 = true;
    }

    private static long stamp(long ticks) {
        return (ticks + OFFSET_90K) & MASK_33;
    }

    /**
     * Audio only from now on (an audio-only rendition): the PMT declares the audio PID alone, which carries the
     * PCR.
     */
    public void audioOnly() {
        this.audioOnly = true;
    }

    /** PAT and PMT (video unless audio-only; audio when {@code audio}), one packet each. */
    public void writeTables(ByteArrayOutputStream out, boolean audio) {
        byte[] pat = {
            0x00, (byte) 0xB0, 0, 0x00, 0x01, (byte) 0xC1, 0x00, 0x00,
            0x00, 0x01, (byte) (0xE0 | (PMT_PID >>> 8)), (byte) (PMT_PID & 0xFF)};
        writeSection(out, 0, pat);

        ByteArrayOutputStream pmt = new ByteArrayOutputStream();
        byte[] programInfo = id3 ? new byte[] {0x25, 0x0F, (byte) 0xFF, (byte) 0xFF, 'I', 'D', '3', ' ', (byte) 0xFF,
            'I', 'D', '3', ' ', 0x00, 0x1F, 0x00, 0x01} : new byte[0];
        pmt.write(0x02);
        pmt.write(0xB0);
        pmt.write(0); // section length, patched below
        pmt.write(0x00);
        pmt.write(0x01); // program 1
        pmt.write(0xC1);
        pmt.write(0x00);
        pmt.write(0x00);
        int pcrPid = audioOnly ? AUDIO_PID : VIDEO_PID;
        pmt.write(0xE0 | (pcrPid >>> 8)); // PCR PID
        pmt.write(pcrPid & 0xFF);
        pmt.write(0xF0 | (programInfo.length >>> 8));
        pmt.write(programInfo.length & 0xFF);
        pmt.writeBytes(programInfo);
        if (!audioOnly) {
            elementary(pmt, 0x1B, VIDEO_PID, new byte[0]);
        }
        if (audio) {
            elementary(pmt, 0x0F, AUDIO_PID, new byte[0]);
        }
        if (id3) {
            elementary(pmt, 0x15, ID3_PID, new byte[] {0x26, 0x0D, (byte) 0xFF, (byte) 0xFF, 'I', 'D', '3', ' ',
                (byte) 0xFF, 'I', 'D', '3', ' ', 0x00, 0x0F});
        }
        byte[] section = pmt.toByteArray();
        writeSection(out, PMT_PID, section);
    }

    private static void elementary(ByteArrayOutputStream pmt, int type, int pid, byte[] info) {
        pmt.write(type);
        pmt.write(0xE0 | (pid >>> 8));
        pmt.write(pid & 0xFF);
        pmt.write(0xF0 | (info.length >>> 8));
        pmt.write(info.length & 0xFF);
        pmt.writeBytes(info);
    }

    /** Completes a PSI section (length, CRC) and writes it in one packet with pointer field and 0xFF fill. */
    private void writeSection(ByteArrayOutputStream out, int pid, byte[] head) {
        int sectionLength = head.length - 3 + 4;
        head[1] = (byte) ((head[1] & 0xF0) | (sectionLength >>> 8));
        head[2] = (byte) (sectionLength & 0xFF);
        int crc = Crc32Mpeg2.of(head, 0, head.length);
        byte[] p = new byte[PACKET];
        java.util.Arrays.fill(p, (byte) 0xFF);
        p[0] = 0x47;
        p[1] = (byte) (0x40 | (pid >>> 8));
        p[2] = (byte) (pid & 0xFF);
        p[3] = (byte) (0x10 | nextCc(pid));
        p[4] = 0; // pointer field
        System.arraycopy(head, 0, p, 5, head.length);
        int c = 5 + head.length;
        p[c] = (byte) (crc >>> 24);
        p[c + 1] = (byte) (crc >>> 16);
        p[c + 2] = (byte) (crc >>> 8);
        p[c + 3] = (byte) crc;
        out.writeBytes(p);
    }

    /** One H.264 access unit: {@code avcc} holds length-prefixed NAL units of {@code config.nalLengthSize()}. */
    public void writeVideo(ByteArrayOutputStream out, AvcConfig config, long dts90k, long pts90k, boolean keyframe,
            byte[] avcc, int off, int len) {
        ByteArrayOutputStream es = new ByteArrayOutputStream(len + 64);
        es.writeBytes(AUD);
        boolean idr = keyframe || containsIdr(config.nalLengthSize(), avcc, off, len);
        if (idr) {
            for (byte[] sps : config.sps()) {
                es.writeBytes(START);
                es.writeBytes(sps);
            }
            for (byte[] pps : config.pps()) {
                es.writeBytes(START);
                es.writeBytes(pps);
            }
        }
        int n = config.nalLengthSize();
        int p = off;
        int end = off + len;
        while (p + n <= end) {
            int size = 0;
            for (int i = 0; i < n; i++) {
                size = (size << 8) | (avcc[p + i] & 0xFF);
            }
            p += n;
            if (size <= 0 || size > end - p) {
                break; // truncated or corrupt unit: keep what was complete
            }
            int type = avcc[p] & 0x1F;
            if (type != 9) { // our own AUD is already there
                es.writeBytes(START);
                es.write(avcc, p, size);
            }
            p += size;
        }
        long dts = stamp(dts90k);
        long pts = stamp(pts90k);
        byte[] header = pesHeader(0xE0, pts, pts == dts ? -1 : dts, 0);
        long pcr = (dts - PCR_LAG_90K) & MASK_33;
        writePes(out, VIDEO_PID, header, es.toByteArray(), pcr, idr);
    }

    private static boolean containsIdr(int n, byte[] avcc, int off, int len) {
        int p = off;
        int end = off + len;
        while (p + n < end) {
            int size = 0;
            for (int i = 0; i < n; i++) {
                size = (size << 8) | (avcc[p + i] & 0xFF);
            }
            p += n;
            if (size <= 0 || size > end - p) {
                return false;
            }
            if ((avcc[p] & 0x1F) == 5) {
                return true;
            }
            p += size;
        }
        return false;
    }

    /** One raw AAC frame, given an ADTS header built from the AudioSpecificConfig. */
    public void writeAudio(ByteArrayOutputStream out, AacConfig config, long pts90k, byte[] raw, int off, int len) {
        byte[] es = new byte[7 + len];
        int frameLength = 7 + len;
        int profile = Math.max(0, Math.min(3, config.objectType() - 1));
        int sfi = config.samplingIndex() < 13 ? config.samplingIndex() : 4;
        int ch = config.channels() & 0x07;
        es[0] = (byte) 0xFF;
        es[1] = (byte) 0xF1; // MPEG-4, layer 0, no CRC
        es[2] = (byte) ((profile << 6) | (sfi << 2) | (ch >>> 2));
        es[3] = (byte) (((ch & 3) << 6) | (frameLength >>> 11));
        es[4] = (byte) ((frameLength >>> 3) & 0xFF);
        es[5] = (byte) (((frameLength & 7) << 5) | 0x1F);
        es[6] = (byte) 0xFC;
        System.arraycopy(raw, off, es, 7, len);
        long pts = stamp(pts90k);
        byte[] header = pesHeader(0xC0, pts, -1, es.length);
        // audio-only: every AAC frame is a random access point, and the PCR rides on the audio PID
        writePes(out, AUDIO_PID, header, es, audioOnly ? (pts - PCR_LAG_90K) & MASK_33 : -1, audioOnly);
    }

    /** A timed-ID3 tag (complete, starting with "ID3") at {@code pts90k}, on the metadata PID. */
    public void writeId3(ByteArrayOutputStream out, long pts90k, byte[] tag) {
        byte[] header = pesHeader(0xBD, stamp(pts90k), -1, tag.length);
        writePes(out, ID3_PID, header, tag, -1, false);
    }

    /** PES header with PTS (and DTS when {@code dts >= 0}); {@code payloadLength} 0 = unbounded (video). */
    static byte[] pesHeader(int streamId, long pts, long dts, int payloadLength) {
        int optLen = dts >= 0 ? 10 : 5;
        byte[] h = new byte[9 + optLen];
        h[2] = 1;
        h[3] = (byte) streamId;
        int pesLength = payloadLength == 0 ? 0 : 3 + optLen + payloadLength;
        if (pesLength > 0xFFFF) {
            pesLength = 0;
        }
        h[4] = (byte) (pesLength >>> 8);
        h[5] = (byte) pesLength;
        h[6] = (byte) 0x80;
        h[7] = (byte) (dts >= 0 ? 0xC0 : 0x80);
        h[8] = (byte) optLen;
        timestamp(h, 9, dts >= 0 ? 3 : 2, pts);
        if (dts >= 0) {
            timestamp(h, 14, 1, dts);
        }
        return h;
    }

    private static void timestamp(byte[] h, int at, int prefix, long ts) {
        h[at] = (byte) ((prefix << 4) | (int) (((ts >>> 30) & 0x07) << 1) | 1);
        h[at + 1] = (byte) (ts >>> 22);
        h[at + 2] = (byte) ((((ts >>> 15) & 0x7F) << 1) | 1);
        h[at + 3] = (byte) (ts >>> 7);
        h[at + 4] = (byte) (((ts & 0x7F) << 1) | 1);
    }

    /** Splits one PES into packets; the first carries PCR ({@code pcr >= 0}) and the random access flag. */
    private void writePes(ByteArrayOutputStream out, int pid, byte[] header, byte[] payload, long pcr,
            boolean randomAccess) {
        int total = header.length + payload.length;
        int pos = 0;
        boolean first = true;
        byte[] p = new byte[PACKET];
        while (pos < total) {
            int afBody = 0; // flags + PCR bytes
            if (first && (pcr >= 0 || randomAccess)) {
                afBody = 1 + (pcr >= 0 ? 6 : 0);
            }
            int afLen = afBody == 0 ? 0 : 1 + afBody;
            int space = 184 - afLen;
            int n = Math.min(total - pos, space);
            int stuffing = space - n;
            if (stuffing > 0 && afLen == 0) {
                afLen = 1;
                stuffing--;
                if (stuffing > 0) {
                    afBody = 1;
                    afLen = 2;
                    stuffing--;
                }
            }
            afLen += stuffing;
            p[0] = 0x47;
            p[1] = (byte) ((first ? 0x40 : 0) | (pid >>> 8));
            p[2] = (byte) (pid & 0xFF);
            p[3] = (byte) ((afLen > 0 ? 0x30 : 0x10) | nextCc(pid));
            int w = 4;
            if (afLen > 0) {
                p[w++] = (byte) (afLen - 1);
                if (afBody > 0) {
                    int flags = 0;
                    if (first && randomAccess) {
                        flags |= 0x40;
                    }
                    if (first && pcr >= 0) {
                        flags |= 0x10;
                    }
                    p[w++] = (byte) flags;
                    if ((flags & 0x10) != 0) {
                        p[w++] = (byte) (pcr >>> 25);
                        p[w++] = (byte) (pcr >>> 17);
                        p[w++] = (byte) (pcr >>> 9);
                        p[w++] = (byte) (pcr >>> 1);
                        p[w++] = (byte) (((pcr & 1) << 7) | 0x7E);
                        p[w++] = 0;
                    }
                }
                while (w < 4 + afLen) {
                    p[w++] = (byte) 0xFF;
                }
            }
            // payload: the PES header first, then the elementary stream bytes (two array copies, not a byte loop:
            // this runs for every byte of media)
            int fromHeader = Math.max(0, Math.min(n, header.length - pos));
            if (fromHeader > 0) {
                System.arraycopy(header, pos, p, w, fromHeader);
                w += fromHeader;
            }
            if (n > fromHeader) {
                System.arraycopy(payload, pos + fromHeader - header.length, p, w, n - fromHeader);
                w += n - fromHeader;
            }
            out.write(p, 0, PACKET);
            pos += n;
            first = false;
        }
    }

    private int nextCc(int pid) {
        int c = cc[pid];
        cc[pid] = (c + 1) & 0x0F;
        return c;
    }
}
