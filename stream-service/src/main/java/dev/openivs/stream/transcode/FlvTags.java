package dev.openivs.stream.transcode;

import dev.openivs.stream.media.AacConfig;
import dev.openivs.stream.media.AudioFrame;
import dev.openivs.stream.media.AvcConfig;
import dev.openivs.stream.media.VideoFrame;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * FLV file framing (header, tags, back-pointers) around the tag bodies the live pipeline already has: how the
 * transcoder's ffmpeg gets the stream on stdin and gives each rendition back. The bodies themselves are parsed by
 * {@link dev.openivs.stream.media.FlvDemuxer}; this only adds and strips the 11-byte tag headers.
 */
final class FlvTags {
    static final int AUDIO = 8;
    static final int VIDEO = 9;
    /** File header (audio + video flags) and the first PreviousTagSize 0. */
    static final byte[] HEADER = {'F', 'L', 'V', 1, 5, 0, 0, 0, 9, 0, 0, 0, 0};

    /** One tag read back: type, unwrapped timestamp in ms, body. */
    record Tag(int type, long timestamp, byte[] body) {
    }

    private FlvTags() {
    }

    static byte[] videoConfig(AvcConfig config, long ts) {
        return tag(VIDEO, ts, new byte[] {0x17, 0, 0, 0, 0}, config.record(), 0, config.record().length);
    }

    static byte[] video(VideoFrame f, long ts) {
        int cts = f.cts();
        byte[] head = {(byte) (f.keyframe() ? 0x17 : 0x27), 1, (byte) (cts >> 16), (byte) (cts >> 8), (byte) cts};
        return tag(VIDEO, ts, head, f.data(), f.offset(), f.length());
    }

    static byte[] audioConfig(AacConfig config, long ts) {
        return tag(AUDIO, ts, new byte[] {(byte) 0xAF, 0}, config.config(), 0, config.config().length);
    }

    static byte[] audio(AudioFrame f, long ts) {
        return tag(AUDIO, ts, new byte[] {(byte) 0xAF, 1}, f.data(), f.offset(), f.length());
    }

    private static byte[] tag(int type, long ts, byte[] head, byte[] data, int off, int len) {
        int size = head.length + len;
        byte[] t = new byte[11 + size + 4];
        t[0] = (byte) type;
        t[1] = (byte) (size >> 16);
        t[2] = (byte) (size >> 8);
        t[3] = (byte) size;
        t[4] = (byte) (ts >> 16);
        t[5] = (byte) (ts >> 8);
        t[6] = (byte) ts;
        t[7] = (byte) (ts >> 24);
        System.arraycopy(head, 0, t, 11, head.length);
        System.arraycopy(data, off, t, 11 + head.length, len);
        int back = 11 + size;
        t[back] = (byte) (back >> 24);
        t[back + 1] = (byte) (back >> 16);
        t[back + 2] = (byte) (back >> 8);
        t[back + 3] = (byte) back;
        return t;
    }

    /** Skips the file header (and its first back-pointer) of an FLV stream. */
    static void readHeader(DataInputStream in) throws IOException {
        byte[] h = new byte[9];
        in.readFully(h);
        if (h[0] != 'F' || h[1] != 'L' || h[2] != 'V') {
            throw new IOException("not an FLV stream");
        }
        in.skipNBytes(((h[5] & 0xFF) << 24 | (h[6] & 0xFF) << 16 | (h[7] & 0xFF) << 8 | (h[8] & 0xFF)) - 9 + 4);
    }

    /** The next tag, or null at the end of the stream; bodies above {@code maxSize} are an error. */
    static Tag read(DataInputStream in, int maxSize) throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        byte[] h = new byte[10];
        try {
            in.readFully(h);
        } catch (EOFException e) {
            return null;
        }
        int size = (h[0] & 0xFF) << 16 | (h[1] & 0xFF) << 8 | (h[2] & 0xFF);
        if (size > maxSize) {
            throw new IOException("FLV tag of " + size + " bytes");
        }
        long ts = ((long) (h[6] & 0xFF) << 24) | (h[3] & 0xFF) << 16 | (h[4] & 0xFF) << 8 | (h[5] & 0xFF);
        byte[] body = new byte[size];
        in.readFully(body);
        in.skipNBytes(4);
        return new Tag(type & 0x1F, ts, body);
    }
}
