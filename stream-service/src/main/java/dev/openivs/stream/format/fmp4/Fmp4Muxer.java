package dev.openivs.stream.format.fmp4;

import dev.openivs.stream.media.AacConfig;
import dev.openivs.stream.media.AudioFrame;
import dev.openivs.stream.media.VideoConfig;
import dev.openivs.stream.media.VideoFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes fragmented MP4 (CMAF, ISO/IEC 14496-12 and 23000-19) for LL-HLS: the init segment ({@code ftyp} +
 * {@code moov} with an {@code avc1}/{@code avcC}, {@code hvc1}/{@code hvcC} or {@code av01}/{@code av1C} video track, an optional {@code mp4a}/{@code esds} audio track and
 * {@code mvex}/{@code trex}) and one fragment per partial segment ({@code emsg}* + {@code moof} + {@code mdat}).
 * Video uses a 90 kHz timescale, audio its sample rate. Samples stay in the form FLV carries them in
 * (length-prefixed NAL units for H.264/HEVC, low-overhead OBUs for AV1), which is MP4's.
 */
public final class Fmp4Muxer {
    public static final int VIDEO_TRACK = 1;
    public static final int AUDIO_TRACK = 2;
    public static final int VIDEO_TIMESCALE = 90_000;
    /** Scheme hls.js (and the AOM ID3-in-CMAF spec) recognise for timed ID3 in {@code emsg}. */
    public static final String ID3_SCHEME = "https://aomedia.org/emsg/ID3";

    /** One sample: {@code duration} and {@code compositionOffset} in the track's timescale. */
    public record Sample(int duration, int compositionOffset, boolean sync, byte[] data, int offset, int length) {
    }

    /** A timed-metadata event: an ID3 tag presented at {@code presentationTime} (90 kHz). */
    public record Event(long presentationTime, long id, byte[] id3) {
    }

    private final VideoConfig avc;
    private final AacConfig aac;
    private final int width;
    private final int height;

    /** @param avc null for an audio-only stream; @param aac null for a video-only stream */
    public Fmp4Muxer(VideoConfig avc, AacConfig aac, int width, int height) {
        this.avc = avc;
        this.aac = aac;
        this.width = width;
        this.height = height;
    }

    /**
     * The samples of consecutive video frames (90 kHz): each lasts until the next one's DTS, the last until
     * {@code nextDts} (ms).
     */
    public static List<Sample> videoSamples(List<VideoFrame> frames, long nextDts) {
        List<Sample> video = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            VideoFrame f = frames.get(i);
            long next = i + 1 < frames.size() ? frames.get(i + 1).dts() : nextDts;
            video.add(new Sample((int) Math.max(1, (next - f.dts()) * 90), f.cts() * 90, f.keyframe(), f.data(),
                    f.offset(), f.length()));
        }
        return video;
    }

    /** The samples of consecutive AAC frames (1024 samples each). */
    public static List<Sample> audioSamples(List<AudioFrame> frames) {
        List<Sample> audio = new ArrayList<>(frames.size());
        for (AudioFrame a : frames) {
            audio.add(new Sample(1024, 0, true, a.data(), a.offset(), a.length()));
        }
        return audio;
    }

    /**
     * Decode times of consecutive AAC frames in the audio timescale: sample-exact (1024 samples after the previous
     * frame), resynchronised to the frame's own timestamp only when it drifts by more than two frames.
     */
    public static final class AudioClock {
        private long next = -1;

        /** The decode time of a frame stamped {@code timestampMs}, {@code originMs} being decode time 0. */
        public long stamp(long timestampMs, long originMs, long rate) {
            long actual = (timestampMs - originMs) * rate / 1000;
            if (next < 0 || Math.abs(actual - next) > 2048) {
                next = actual;
            }
            long t = next;
            next += 1024;
            return t;
        }
    }

    public boolean hasAudio() {
        return aac != null;
    }

    public int audioTimescale() {
        return aac == null ? 0 : aac.sampleRate();
    }

    /** The init segment ({@code EXT-X-MAP}). */
    public byte[] init() {
        Box out = new Box();
        Box ftyp = new Box();
        ftyp.fourcc("iso6").u32(0).fourcc("iso6").fourcc("cmfc").fourcc("iso5")
                .fourcc(avc != null ? avc.sampleEntry() : "mp4a").fourcc("mp41");
        out.box("ftyp", ftyp);

        Box moov = new Box();
        Box mvhd = new Box().u32(0).u32(0).u32(0).u32(1000).u32(0).u32(0x00010000).u16(0x0100).zeros(10);
        matrix(mvhd);
        mvhd.zeros(24).u32(aac != null ? AUDIO_TRACK + 1 : VIDEO_TRACK + 1);
        moov.box("mvhd", mvhd);
        if (avc != null) {
            moov.box("trak", videoTrak());
        }
        if (aac != null) {
            moov.box("trak", audioTrak());
        }
        Box mvex = new Box();
        if (avc != null) {
            mvex.box("trex", trex(VIDEO_TRACK));
        }
        if (aac != null) {
            mvex.box("trex", trex(AUDIO_TRACK));
        }
        moov.box("mvex", mvex);
        out.box("moov", moov);
        return out.toByteArray();
    }

    /**
     * One fragment: {@code emsg} boxes for the events, then {@code moof}/{@code mdat} with the video samples
     * (decode time {@code videoTime}, 90 kHz) and the audio samples (decode time {@code audioTime}, sample rate).
     */
    public byte[] fragment(long sequence, long videoTime, List<Sample> video, long audioTime, List<Sample> audio,
            List<Event> events) {
        List<Box> emsgs = new ArrayList<>(events.size());
        int emsgBytes = 0;
        for (Event e : events) {
            Box emsg = emsg(e);
            emsgs.add(emsg);
            emsgBytes += 8 + emsg.size();
        }
        boolean withAudio = aac != null && !audio.isEmpty();
        // the moof's size does not depend on the data offsets written into it: write once to measure
        int moofSize = moof(sequence, videoTime, video, audioTime, audio, withAudio, 0).size() + 8;
        Box moof = moof(sequence, videoTime, video, audioTime, audio, withAudio, moofSize + 8);
        long mdatSize = 8;
        for (Sample s : video) {
            mdatSize += s.length();
        }
        if (withAudio) {
            for (Sample s : audio) {
                mdatSize += s.length();
            }
        }
        // sized exactly: the samples are copied once, into the array that becomes the part
        Box out = new Box((int) (emsgBytes + moofSize + mdatSize));
        for (Box emsg : emsgs) {
            out.box("emsg", emsg);
        }
        out.box("moof", moof);
        out.u32(mdatSize).fourcc("mdat");
        for (Sample s : video) {
            out.bytes(s.data(), s.offset(), s.length());
        }
        if (withAudio) {
            for (Sample s : audio) {
                out.bytes(s.data(), s.offset(), s.length());
            }
        }
        return out.toByteArray();
    }

    private Box moof(long sequence, long videoTime, List<Sample> video, long audioTime, List<Sample> audio,
            boolean withAudio, int firstDataOffset) {
        Box moof = new Box();
        moof.box("mfhd", new Box().u32(0).u32(sequence));
        int videoBytes = 0;
        for (Sample s : video) {
            videoBytes += s.length();
        }
        if (avc != null) {
            moof.box("traf", traf(VIDEO_TRACK, videoTime, video, true, firstDataOffset));
        }
        if (withAudio) {
            moof.box("traf", traf(AUDIO_TRACK, audioTime, audio, false, firstDataOffset + videoBytes));
        }
        return moof;
    }

    private static Box traf(int track, long baseTime, List<Sample> samples, boolean video, int dataOffset) {
        Box traf = new Box();
        traf.box("tfhd", new Box().u32(0x020000).u32(track)); // default-base-is-moof
        traf.box("tfdt", new Box().u32(0x01000000).u64(baseTime)); // version 1: 64-bit decode time
        int flags = 0x000001 | 0x000100 | 0x000200 | (video ? 0x000400 | 0x000800 : 0);
        Box trun = new Box().u32(flags).u32(samples.size()).u32(dataOffset);
        for (Sample s : samples) {
            trun.u32(s.duration()).u32(s.length());
            if (video) {
                // sync: depends on no other sample; else depends on others and is not a sync sample
                trun.u32(s.sync() ? 0x02000000 : 0x01010000).u32(Math.max(0, s.compositionOffset()));
            }
        }
        traf.box("trun", trun);
        return traf;
    }

    private static Box emsg(Event e) {
        Box b = new Box().u32(0x01000000) // version 1: absolute presentation time
                .u32(VIDEO_TIMESCALE).u64(e.presentationTime()).u32(0xFFFFFFFFL).u32(e.id());
        b.cstring(ID3_SCHEME).cstring("");
        b.bytes(e.id3(), 0, e.id3().length);
        return b;
    }

    private Box videoTrak() {
        Box entry = new Box().zeros(6).u16(1).zeros(16).u16(width).u16(height).u32(0x00480000).u32(0x00480000)
                .u32(0).u16(1).zeros(32).u16(0x0018).u16(0xFFFF);
        entry.box(avc.configBox(), new Box().bytes(avc.record(), 0, avc.record().length));
        Box stsd = new Box().u32(0).u32(1);
        stsd.box(avc.sampleEntry(), entry);
        Box vmhd = new Box().u32(1).zeros(8);
        return trak(VIDEO_TRACK, VIDEO_TIMESCALE, "vide", "VideoHandler", vmhd, "vmhd", stsd, 0, width, height);
    }

    private Box audioTrak() {
        Box mp4a = new Box().zeros(6).u16(1).zeros(8).u16(aac.channels()).u16(16).u16(0).u16(0)
                .u32(Math.min(0xFFFF, aac.sampleRate()) * 65536L);
        mp4a.box("esds", esds());
        Box stsd = new Box().u32(0).u32(1);
        stsd.box("mp4a", mp4a);
        Box smhd = new Box().u32(0).u32(0);
        return trak(AUDIO_TRACK, aac.sampleRate(), "soun", "SoundHandler", smhd, "smhd", stsd, 0x0100, 0, 0);
    }

    /** ES_Descriptor with the AudioSpecificConfig (ISO/IEC 14496-1 descriptors, one-byte sizes). */
    private Box esds() {
        byte[] asc = aac.config();
        Box dsi = new Box().u8(0x05).u8(asc.length).bytes(asc, 0, asc.length);
        Box dcd = new Box().u8(0x04).u8(13 + dsi.size()).u8(0x40).u8(0x15).zeros(3).u32(0).u32(0);
        dcd.append(dsi);
        Box es = new Box().u8(0x03).u8(3 + dcd.size() + 3).u16(AUDIO_TRACK).u8(0);
        es.append(dcd);
        es.u8(0x06).u8(1).u8(0x02);
        return new Box().u32(0).append(es);
    }

    private static Box trak(int id, int timescale, String handler, String name, Box mediaHeader, String mediaHeaderType,
            Box stsd, int volume, int width, int height) {
        Box tkhd = new Box().u32(0x00000003).u32(0).u32(0).u32(id).u32(0).u32(0).zeros(8).u16(0).u16(0).u16(volume)
                .u16(0);
        matrix(tkhd);
        tkhd.u32((long) width << 16).u32((long) height << 16);
        Box mdhd = new Box().u32(0).u32(0).u32(0).u32(timescale).u32(0).u16(0x55C4).u16(0); // language "und"
        Box hdlr = new Box().u32(0).u32(0).fourcc(handler).zeros(12).cstring(name);
        Box dref = new Box().u32(0).u32(1);
        dref.box("url ", new Box().u32(1)); // media in the same file
        Box dinf = new Box();
        dinf.box("dref", dref);
        Box stbl = new Box();
        stbl.box("stsd", stsd);
        stbl.box("stts", new Box().u32(0).u32(0));
        stbl.box("stsc", new Box().u32(0).u32(0));
        stbl.box("stsz", new Box().u32(0).u32(0).u32(0));
        stbl.box("stco", new Box().u32(0).u32(0));
        Box minf = new Box();
        minf.box(mediaHeaderType, mediaHeader);
        minf.box("dinf", dinf);
        minf.box("stbl", stbl);
        Box mdia = new Box();
        mdia.box("mdhd", mdhd);
        mdia.box("hdlr", hdlr);
        mdia.box("minf", minf);
        Box trak = new Box();
        trak.box("tkhd", tkhd);
        trak.box("mdia", mdia);
        return trak;
    }

    private static Box trex(int track) {
        return new Box().u32(0).u32(track).u32(1).u32(0).u32(0).u32(0);
    }

    private static void matrix(Box b) {
        b.u32(0x00010000).u32(0).u32(0).u32(0).u32(0x00010000).u32(0).u32(0).u32(0).u32(0x40000000);
    }

    /**
     * A growable big-endian byte buffer with box helpers. Not a ByteArrayOutputStream: a box created with its final
     * size hands out its array without a copy ({@link #toByteArray}), and appending a child box copies it once.
     */
    private static final class Box {
        private byte[] buf;
        private int count;

        Box() {
            this(256);
        }

        Box(int capacity) {
            buf = new byte[capacity];
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(count + more, 2 * buf.length));
            }
        }

        Box u8(int v) {
            ensure(1);
            buf[count++] = (byte) v;
            return this;
        }

        Box u16(int v) {
            ensure(2);
            buf[count++] = (byte) (v >>> 8);
            buf[count++] = (byte) v;
            return this;
        }

        Box u32(long v) {
            ensure(4);
            buf[count++] = (byte) (v >>> 24);
            buf[count++] = (byte) (v >>> 16);
            buf[count++] = (byte) (v >>> 8);
            buf[count++] = (byte) v;
            return this;
        }

        Box u64(long v) {
            return u32(v >>> 32).u32(v & 0xFFFFFFFFL);
        }

        Box zeros(int n) {
            ensure(n);
            count += n; // a new array is all zeros, and nothing is ever written past count
            return this;
        }

        Box fourcc(String s) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            return bytes(b, 0, b.length);
        }

        Box cstring(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return bytes(b, 0, b.length).u8(0);
        }

        Box bytes(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
            return this;
        }

        Box append(Box other) {
            return bytes(other.buf, 0, other.count);
        }

        /** A child box: 32-bit size, type, then the content. */
        Box box(String type, Box content) {
            u32(8L + content.size());
            fourcc(type);
            return append(content);
        }

        int size() {
            return count;
        }

        /** The bytes written: the array itself when it is full (do not write to the box afterwards). */
        byte[] toByteArray() {
            return count == buf.length ? buf : Arrays.copyOf(buf, count);
        }
    }
}
