package dev.openivs.stream.ingest.rtmp;

import dev.openivs.stream.hls.FlvFile;
import dev.openivs.stream.hls.FlvFile.Tag;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A minimal RTMP publisher for tests that sends Enhanced RTMP v2 multitrack video as OBS does (MEDIA-PLANE §2.5):
 * track 0 (and the audio) as legacy FLV tags of one FLV file, every further file's H.264 video as
 * {@code Multitrack}/{@code OneTrack} {@code avc1} tags with track id 1, 2, ..., interleaved by timestamp and
 * paced in real time. Simple handshake, one chunk size, fmt-0 headers; the server's answers are read only to wait
 * for {@code NetStream.Publish.Start}.
 */
public final class MultitrackPublisher implements AutoCloseable {
    private static final int CHUNK = 4096;
    private static final int MSID = 1;
    private final Socket socket;
    private final OutputStream out;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final Thread reader;

    private MultitrackPublisher(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        this.reader = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0;) {
                    synchronized (received) {
                        received.write(buf, 0, n);
                        received.notifyAll();
                    }
                }
            } catch (IOException e) {
                // closed
            }
            synchronized (received) {
                received.notifyAll();
            }
        }, "multitrack-publisher-reader");
    }

    /** Connects and publishes with {@code key}; returns once the server answered the publish (either way). */
    public static MultitrackPublisher connect(int port, String key) throws IOException, InterruptedException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        MultitrackPublisher p = new MultitrackPublisher(s);
        p.handshake();
        p.reader.setDaemon(true);
        p.reader.start();
        p.message(2, 1, 0, 0, ByteBuffers.u32(CHUNK)); // Set Chunk Size
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("app", "app");
        props.put("type", "nonprivate");
        props.put("flashVer", "FMLE/3.0 (compatible; test)");
        props.put("tcUrl", "rtmp://127.0.0.1:" + port + "/app");
        p.command(0, "connect", 1.0, props);
        p.command(0, "createStream", 2.0, null);
        p.command(MSID, "publish", 3.0, null, key, "live");
        p.await("NetStream.Publish.");
        return p;
    }

    /** Whether the server answered with {@code text} (e.g. an onStatus code or description). */
    public boolean received(String text) {
        synchronized (received) {
            return new String(received.toByteArray(), StandardCharsets.ISO_8859_1).contains(text);
        }
    }

    private void await(String text) throws InterruptedException {
        long until = System.currentTimeMillis() + 10_000;
        synchronized (received) {
            while (!received(text) && reader.isAlive() && System.currentTimeMillis() < until) {
                received.wait(200);
            }
        }
    }

    /**
     * Sends {@code track0} (video and audio, legacy tags) and each of {@code others} as video track 1, 2, ... in
     * real time; returns false when the server closed the connection before the end.
     */
    public boolean send(Path track0, List<Path> others, Map<String, Object> metadata) throws Exception {
        List<Tag> tags = new ArrayList<>(FlvFile.tags(track0));
        for (int i = 0; i < others.size(); i++) {
            int track = i + 1;
            for (Tag t : FlvFile.tags(others.get(i))) {
                if (t.type() == 9 && t.body().length > 5 && (t.body()[1] == 0 || t.body()[1] == 1)) {
                    tags.add(new Tag(9, t.ts(), multitrack(t.body(), track)));
                }
            }
        }
        tags.sort(java.util.Comparator.comparingLong(Tag::ts)); // stable: each file's own order stays
        try {
            ByteBuf meta = Unpooled.buffer();
            Amf0.encode(meta, "@setDataFrame", "onMetaData", metadata);
            message(4, 18, MSID, 0, ByteBufUtil.getBytes(meta));
            long start = System.currentTimeMillis();
            for (Tag t : tags) {
                long wait = start + t.ts() - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                message(t.type() == 9 ? 6 : 5, t.type(), MSID, t.ts(), t.body());
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A legacy AVC tag body as {@code Multitrack}/{@code OneTrack} {@code avc1} of track {@code track}. */
    static byte[] multitrack(byte[] legacy, int track) {
        int frameType = (legacy[0] & 0xF0) >>> 4;
        int packetType = legacy[1]; // 0 sequence start, 1 coded frames (with SI24 CTS), as Enhanced RTMP numbers them
        ByteArrayOutputStream b = new ByteArrayOutputStream(legacy.length + 8);
        b.write(0x80 | (frameType << 4) | 6);
        b.write(packetType); // OneTrack << 4 | packet type
        b.writeBytes("avc1".getBytes(StandardCharsets.US_ASCII));
        b.write(track);
        b.write(legacy, packetType == 1 ? 2 : 5, legacy.length - (packetType == 1 ? 2 : 5));
        return b.toByteArray();
    }

    private void handshake() throws IOException {
        byte[] c1 = new byte[1536];
        new Random(1).nextBytes(c1);
        Arrays.fill(c1, 0, 8, (byte) 0);
        out.write(3);
        out.write(c1);
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] s0s1 = new byte[1537];
        in.readFully(s0s1);
        byte[] s2 = new byte[1536];
        in.readFully(s2);
        out.write(s0s1, 1, 1536); // C2 echoes S1
        out.flush();
    }

    private void command(int msid, Object... values) throws IOException {
        ByteBuf b = Unpooled.buffer();
        Amf0.encode(b, values);
        message(3, 20, msid, 0, ByteBufUtil.getBytes(b));
    }

    /** One message: a fmt-0 chunk, then fmt-3 continuations of at most CHUNK bytes each. */
    private synchronized void message(int csid, int type, int msid, long ts, byte[] payload) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(payload.length + 32);
        b.write(csid);
        boolean ext = ts >= 0xFFFFFF;
        long t = ext ? 0xFFFFFF : ts;
        b.write((int) (t >>> 16));
        b.write((int) (t >>> 8));
        b.write((int) t);
        b.write(payload.length >>> 16);
        b.write(payload.length >>> 8);
        b.write(payload.length);
        b.write(type);
        b.write(msid);
        b.write(msid >>> 8);
        b.write(msid >>> 16);
        b.write(msid >>> 24);
        if (ext) {
            b.writeBytes(ByteBuffers.u32(ts));
        }
        for (int off = 0; off < payload.length; off += CHUNK) {
            if (off > 0) {
                b.write(0xC0 | csid);
                if (ext) {
                    b.writeBytes(ByteBuffers.u32(ts));
                }
            }
            b.write(payload, off, Math.min(CHUNK, payload.length - off));
        }
        out.write(b.toByteArray());
        out.flush();
    }

    /** Ends the publish as ffmpeg does ({@code FCUnpublish}, {@code deleteStream}) and keeps the connection open. */
    public void unpublish(String key) throws IOException {
        command(0, "FCUnpublish", 5.0, null, key);
        command(0, "deleteStream", 6.0, null, (double) MSID);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static final class ByteBuffers {
        static byte[] u32(long v) {
            return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }
    }
}
