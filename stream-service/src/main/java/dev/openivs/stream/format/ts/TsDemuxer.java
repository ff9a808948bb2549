package dev.openivs.stream.format.ts;

import dev.openivs.stream.media.AacConfig;
import dev.openivs.stream.media.AudioFrame;
import dev.openivs.stream.media.AvcConfig;
import dev.openivs.stream.media.MediaSink;
import dev.openivs.stream.media.VideoFrame;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * MPEG-TS (ISO/IEC 13818-1) as SRT encoders send it, into the media model RTMP also produces: PAT → PMT (the
 * first program; its first H.264 stream, type 0x1B, and first ADTS AAC stream, type 0x0F), PES reassembly per PID
 * (bounded, or unbounded video PES ended by the next one), H.264 Annex B → AVCC access units with SPS/PPS turned
 * into an {@link AvcConfig} (AUD and in-band SPS/PPS dropped, keyframe = IDR), ADTS → raw AAC frames plus an
 * AudioSpecificConfig, 90 kHz PTS/DTS unwrapped across the 33-bit wrap and given to sinks in ms (as RTMP).
 *
 * <p>Input is any split of the byte stream (SRT messages carry 7 packets, but nothing relies on it). A PES whose
 * packets show a continuity-counter gap (packets the network lost for good) is dropped whole. Input that is not a
 * transport stream, or a program without a supported codec, fails with {@link Unsupported}. Not thread-safe.
 */
public final class TsDemuxer {
    public static final int PACKET = 188;
    /** Bytes without a TS sync pattern before a PMT (or TS packets without a PMT) after which input is refused. */
    static final int MAX_GARBAGE = 64 * 1024;
    static final int MAX_BEFORE_PMT = 2 * 1024 * 1024;
    static final int MAX_LOST_SYNC = 1024 * 1024;
    static final int MAX_PES = 8 * 1024 * 1024;
    private static final long WRAP = 1L << 33;

    /** The input is not one the pipeline can take (not MPEG-TS, or no H.264/AAC in it). */
    public static final class Unsupported extends RuntimeException {
        public Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    private final MediaSink out;
    private byte[] buf = new byte[PACKET * 64];
    private int len;
    private long garbage;
    private long bytesBeforePmt;
    private int pmtPid = -1;
    private int videoPid = -1;
    private int audioPid = -1;
    private final Pes video = new Pes();
    private final Pes audio = new Pes();
    private long lastTicks = Long.MIN_VALUE;
    private long epoch;
    private byte[] sps;
    private byte[] pps;
    private AvcConfig avc;
    private AacConfig aac;
    private int aacHeader = -1;

    public TsDemuxer(MediaSink out) {
        this.out = out;
    }

    /** Whether a PMT with a supported stream was read (the input is a usable transport stream). */
    public boolean hasProgram() {
        return videoPid >= 0 || audioPid >= 0;
    }

    public void feed(byte[] data, int off, int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        System.arraycopy(data, off, buf, len, n);
        len += n;
        int p = 0;
        while (len - p >= PACKET) {
            if (buf[p] == 0x47 && (len - p < 2 * PACKET || buf[p + PACKET] == 0x47)) {
                if (hasProgram()) {
                    garbage = 0;
                }
                packet(buf, p);
                p += PACKET;
            } else {
                // before a PMT was read, skipped bytes add up (chance sync bytes in other data do not reset them)
                p++;
                if (++garbage > (hasProgram() ? MAX_LOST_SYNC : MAX_GARBAGE)) {
                    throw new Unsupported(hasProgram() ? "lost MPEG-TS sync" : "not an MPEG-TS stream");
                }
            }
        }
        System.arraycopy(buf, p, buf, 0, len - p);
        len -= p;
    }

    private void packet(byte[] b, int p) {
        if ((b[p + 1] & 0x80) != 0) {
            return; // transport_error_indicator
        }
        boolean start = (b[p + 1] & 0x40) != 0;
        int pid = ((b[p + 1] & 0x1F) << 8) | (b[p + 2] & 0xFF);
        int afc = (b[p + 3] >> 4) & 3;
        int cc = b[p + 3] & 0x0F;
        int payload = p + 4;
        if ((afc & 2) != 0) {
            payload += 1 + (b[p + 4] & 0xFF);
        }
        int end = p + PACKET;
        if ((afc & 1) == 0 || payload >= end) {
            return;
        }
        if (!hasProgram()) {
            bytesBeforePmt += PACKET;
            if (bytesBeforePmt > MAX_BEFORE_PMT) {
                throw new Unsupported("no MPEG-TS program (PAT/PMT) with H.264 or AAC found");
            }
        }
        if (pid == 0) {
            if (start) {
                pat(b, payload, end);
            }
        } else if (pid == pmtPid) {
            if (start) {
                pmt(b, payload, end);
            }
        } else if (pid == videoPid) {
            pes(video, b, start, cc, payload, end);
        } else if (pid == audioPid) {
            pes(audio, b, start, cc, payload, end);
        }
    }

    /** The section a PSI packet starts, or null when it is malformed, too long for one packet, or fails its CRC. */
    private static int[] section(byte[] b, int payload, int end, int tableId) {
        int s = payload + 1 + (b[payload] & 0xFF);
        if (s + 3 > end || (b[s] & 0xFF) != tableId) {
            return null;
        }
        int sectionLength = ((b[s + 1] & 0x0F) << 8) | (b[s + 2] & 0xFF);
        int sectionEnd = s + 3 + sectionLength;
        if (sectionLength < 9 || sectionEnd > end || Crc32Mpeg2.of(b, s, sectionEnd - s) != 0) {
            return null;
        }
        return new int[] {s, sectionEnd - 4};
    }

    private void pat(byte[] b, int payload, int end) {
        int[] sec = section(b, payload, end, 0x00);
        if (sec == null) {
            return;
        }
        for (int i = sec[0] + 8; i + 4 <= sec[1]; i += 4) {
            int program = ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
            if (program != 0) {
                pmtPid = ((b[i + 2] & 0x1F) << 8) | (b[i + 3] & 0xFF);
                return;
            }
        }
    }

    private void pmt(byte[] b, int payload, int end) {
        int[] sec = section(b, payload, end, 0x02);
        if (sec == null) {
            return;
        }
        int programInfo = ((b[sec[0] + 10] & 0x0F) << 8) | (b[sec[0] + 11] & 0xFF);
        int v = -1;
        int a = -1;
        List<String> other = new ArrayList<>();
        for (int i = sec[0] + 12 + programInfo; i + 5 <= sec[1]; ) {
            int type = b[i] & 0xFF;
            int pid = ((b[i + 1] & 0x1F) << 8) | (b[i + 2] & 0xFF);
            int esInfo = ((b[i + 3] & 0x0F) << 8) | (b[i + 4] & 0xFF);
            if (type == 0x1B && v < 0) {
                v = pid;
            } else if (type == 0x0F && a < 0) {
                a = pid;
            } else if (isVideo(type)) {
                other.add(String.format("0x%02X", type));
            }
            i += 5 + esInfo;
        }
        if (v < 0 && !other.isEmpty()) {
            throw new Unsupported("unsupported video codec (MPEG-TS stream type " + String.join(", ", other)
                    + "); send H.264");
        }
        if (v < 0 && a < 0) {
            throw new Unsupported("no H.264 video or AAC audio in the MPEG-TS program");
        }
        if (v != videoPid) {
            video.reset();
        }
        if (a != audioPid) {
            audio.reset();
        }
        videoPid = v;
        audioPid = a;
    }

    private static boolean isVideo(int type) {
        return type == 0x01 || type == 0x02 || type == 0x10 || type == 0x24 || type == 0x33 || type == 0xEA
                || type == 0xD1;
    }

    /** One elementary stream's PES being reassembled. */
    private static final class Pes {
        final ByteArrayOutputStream data = new ByteArrayOutputStream(64 * 1024);
        int lastCc = -1;
        boolean open;
        boolean broken;
        int declared;

        void reset() {
            data.reset();
            open = false;
            broken = false;
            lastCc = -1;
        }
    }

    private void pes(Pes pes, byte[] b, boolean start, int cc, int payload, int end) {
        if (pes.lastCc >= 0 && cc == pes.lastCc && !start) {
            return; // a duplicate packet (allowed once by the standard)
        }
        boolean gap = pes.lastCc >= 0 && cc != ((pes.lastCc + 1) & 0x0F);
        pes.lastCc = cc;
        if (start) {
            complete(pes);
            pes.data.reset();
            pes.open = true;
            pes.broken = false;
            pes.data.write(b, payload, end - payload);
            pes.declared = end - payload >= 6 ? ((b[payload + 4] & 0xFF) << 8) | (b[payload + 5] & 0xFF) : 0;
        } else if (pes.open) {
            if (gap) {
                pes.broken = true;
            }
            if (!pes.broken) {
                pes.data.write(b, payload, end - payload);
            }
            if (pes.data.size() > MAX_PES) {
                pes.broken = true;
                pes.data.reset();
            }
        }
        if (pes.open && !pes.broken && pes.declared > 0 && pes.data.size() >= 6 + pes.declared) {
            complete(pes);
        }
    }

    private void complete(Pes pes) {
        if (!pes.open) {
            return;
        }
        pes.open = false;
        if (pes.broken) {
            pes.data.reset();
            return;
        }
        byte[] p = pes.data.toByteArray();
        pes.data.reset();
        if (p.length < 9 || p[0] != 0 || p[1] != 0 || p[2] != 1) {
            return;
        }
        int flags = (p[7] & 0xFF) >> 6;
        int headerEnd = 9 + (p[8] & 0xFF);
        if ((flags & 2) == 0 || headerEnd > p.length || 14 > p.length) {
            return; // no PTS: nothing to time it with
        }
        long pts = unwrap(timestamp(p, 9));
        long dts = flags == 3 && 19 <= p.length ? unwrap(timestamp(p, 14)) : pts;
        int end = pes.declared > 0 ? Math.min(p.length, 6 + pes.declared) : p.length;
        if (pes == video) {
            accessUnit(p, headerEnd, end, pts, dts);
        } else {
            adts(p, headerEnd, end, pts);
        }
    }

    private static long timestamp(byte[] p, int i) {
        return ((long) ((p[i] >> 1) & 0x07) << 30) | ((long) (p[i + 1] & 0xFF) << 22)
                | ((long) ((p[i + 2] & 0xFF) >> 1) << 15) | ((long) (p[i + 3] & 0xFF) << 7)
                | ((p[i + 4] & 0xFF) >> 1);
    }

    /** Widens a 33-bit 90 kHz timestamp to a monotonic long across the wrap (about every 26.5 hours). */
    long unwrap(long raw) {
        long t = raw + epoch;
        if (lastTicks != Long.MIN_VALUE) {
            if (t < lastTicks - WRAP / 2) {
                epoch += WRAP;
                t += WRAP;
            } else if (t > lastTicks + WRAP / 2 && epoch > 0) {
                return t - WRAP; // a little before the wrap (the other stream), not a jump forward
            }
        }
        lastTicks = t;
        return t;
    }

    private void accessUnit(byte[] p, int from, int end, long pts, long dts) {
        ByteArrayOutputStream avcc = new ByteArrayOutputStream(end - from + 16);
        boolean key = false;
        byte[] newSps = null;
        byte[] newPps = null;
        int nal = nextStart(p, from, end);
        while (nal >= 0) {
            int next = nextStart(p, nal, end);
            int nalEnd = next < 0 ? end : next - 3;
            while (nalEnd > nal && p[nalEnd - 1] == 0) {
                nalEnd--; // the zero byte of a 4-byte start code, trailing_zero_8bits
            }
            if (nalEnd > nal) {
                int type = p[nal] & 0x1F;
                switch (type) {
                    case 9 -> { } // access unit delimiter: the muxers write their own
                    case 7 -> newSps = Arrays.copyOfRange(p, nal, nalEnd);
                    case 8 -> newPps = Arrays.copyOfRange(p, nal, nalEnd);
                    default -> {
                        if (type == 5) {
                            key = true;
                        }
                        int n = nalEnd - nal;
                        avcc.write(n >>> 24);
                        avcc.write(n >>> 16);
                        avcc.write(n >>> 8);
                        avcc.write(n);
                        avcc.write(p, nal, n);
                    }
                }
            }
            nal = next;
        }
        long dtsMs = Math.floorDiv(dts, 90);
        if (newSps != null && newPps != null
                && (avc == null || !Arrays.equals(newSps, sps) || !Arrays.equals(newPps, pps))) {
            try {
                AvcConfig config = avcConfig(newSps, newPps);
                sps = newSps;
                pps = newPps;
                avc = config;
                out.onVideoConfig(config, dtsMs);
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                // a malformed parameter set: keep the previous one
            }
        }
        if (avc == null || avcc.size() == 0) {
            return; // nothing decodable before the first SPS/PPS
        }
        byte[] data = avcc.toByteArray();
        int cts = (int) (Math.floorDiv(pts, 90) - dtsMs);
        out.onVideo(new VideoFrame(dtsMs, cts, key, data, 0, data.length));
    }

    /** The position after the next 00 00 01 start code at or after {@code from}, or -1. */
    private static int nextStart(byte[] p, int from, int end) {
        for (int i = from; i + 2 < end; i++) {
            if (p[i + 2] > 1) {
                i += 2;
            } else if (p[i] == 0 && p[i + 1] == 0 && p[i + 2] == 1) {
                return i + 3;
            }
        }
        return -1;
    }

    /** An AVCDecoderConfigurationRecord (ISO/IEC 14496-15) around one SPS and one PPS. */
    static AvcConfig avcConfig(byte[] sps, byte[] pps) {
        if (sps.length < 4) {
            throw new IllegalArgumentException("SPS too short");
        }
        ByteArrayOutputStream r = new ByteArrayOutputStream(11 + sps.length + pps.length);
        r.write(1);
        r.write(sps[1]);
        r.write(sps[2]);
        r.write(sps[3]);
        r.write(0xFF); // 4-byte NAL lengths
        r.write(0xE1); // one SPS
        r.write(sps.length >>> 8);
        r.write(sps.length);
        r.write(sps, 0, sps.length);
        r.write(1);
        r.write(pps.length >>> 8);
        r.write(pps.length);
        r.write(pps, 0, pps.length);
        byte[] record = r.toByteArray();
        return AvcConfig.parse(record, 0, record.length);
    }

    private void adts(byte[] p, int from, int end, long pts) {
        int i = from;
        int index = 0;
        while (i + 7 <= end) {
            if ((p[i] & 0xFF) != 0xFF || (p[i + 1] & 0xF0) != 0xF0) {
                return; // not ADTS (or a frame split across PES packets): the rest is dropped
            }
            boolean crc = (p[i + 1] & 0x01) == 0;
            int header = crc ? 9 : 7;
            int frameLength = ((p[i + 3] & 0x03) << 11) | ((p[i + 4] & 0xFF) << 3) | ((p[i + 5] & 0xE0) >> 5);
            if (frameLength < header || i + frameLength > end) {
                return;
            }
            int objectType = ((p[i + 2] & 0xC0) >> 6) + 1;
            int samplingIndex = (p[i + 2] & 0x3C) >> 2;
            int channels = ((p[i + 2] & 0x01) << 2) | ((p[i + 3] & 0xC0) >> 6);
            int asc = (objectType << 11) | (samplingIndex << 7) | (channels << 3);
            if (asc != aacHeader) {
                try {
                    aac = AacConfig.parse(new byte[] {(byte) (asc >> 8), (byte) asc}, 0, 2);
                } catch (IllegalArgumentException e) {
                    return;
                }
                aacHeader = asc;
                out.onAudioConfig(aac, Math.floorDiv(pts, 90));
            }
            long ticks = pts + (long) index * 1024 * 90_000 / aac.sampleRate();
            out.onAudio(new AudioFrame(Math.floorDiv(ticks, 90), p, i + header, frameLength - header));
            i += frameLength;
            index++;
        }
    }
}
