package dev.openivs.stream.transcode;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The internal wire format between stream-service ({@link RemoteTranscodeWorker}) and a transcoder deployment
 * ({@link TranscodeServer}), one TCP connection per transcoded stream:
 *
 * <pre>
 * client: OPENIVS-TRANSCODE/1 LF, then "key value" lines (stream, audio, fps, preset, threads, and one
 *         "rung name width height fps videoKbps audioKbps" per rung; audio-only: width = height = 0), an empty line,
 *         then the source as an FLV byte stream until the client ends its output (end of the stream)
 * server: "OK" LF, or "BUSY reason" / "ERROR reason" LF and the connection is closed; after OK, one frame per
 *         rendition tag: rung (u8), tag type (u8), timestamp in ms (i64), body length (i32), body; after the end of
 *         the input, once every rung is flushed, a single byte 255 ("done") and the end of the connection
 * </pre>
 *
 * Every value of the header is checked on the server (names, numbers in range, x264 presets): nothing in it reaches
 * ffmpeg's command line unchecked.
 */
final class TranscodeProtocol {
    static final String MAGIC = "OPENIVS-TRANSCODE/1";
    static final int DONE = 255;
    /** Header bytes a server reads at most. */
    static final int MAX_HEADER = 4096;
    static final int MAX_RUNGS = 8;
    /** Largest tag body in a frame. */
    static final int MAX_BODY = 8 << 20;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> PRESETS = Set.of("ultrafast", "superfast", "veryfast", "faster", "fast",
            "medium", "slow", "slower", "veryslow");

    /** What a transcode connection asks for. */
    record Request(String stream, boolean audio, double inputFps, String preset, int threads, List<Rendition> rungs) {
    }

    private TranscodeProtocol() {
    }

    static byte[] header(Request r) {
        StringBuilder b = new StringBuilder(MAGIC).append('\n')
                .append("stream ").append(r.stream()).append('\n')
                .append("audio ").append(r.audio()).append('\n')
                .append("fps ").append(String.format(Locale.ROOT, "%.3f", r.inputFps())).append('\n')
                .append("preset ").append(r.preset()).append('\n')
                .append("threads ").append(r.threads()).append('\n');
        for (Rendition x : r.rungs()) {
            b.append("rung ").append(x.name()).append(' ').append(x.width()).append(' ').append(x.height()).append(' ')
                    .append(x.fps()).append(' ').append(x.videoKbps()).append(' ').append(x.audioKbps()).append('\n');
        }
        return b.append('\n').toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** One LF-terminated ASCII line (without the LF), read byte by byte (nothing beyond it is consumed). */
    static String line(InputStream in, int max) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection ended in a header line");
            }
            if (b.size() >= max || c < 0x20 || c > 0x7E) {
                throw new IOException("not a transcode header line");
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    /** Reads and checks a request header; IOException with the reason when it is not one. */
    static Request readHeader(InputStream in) throws IOException {
        int budget = MAX_HEADER;
        if (!MAGIC.equals(line(in, MAGIC.length()))) {
            throw new IOException("not a transcode request");
        }
        String stream = null;
        String preset = "veryfast";
        boolean audio = false;
        double fps = 0;
        int threads = 0;
        List<Rendition> rungs = new ArrayList<>();
        String l;
        while (!(l = line(in, 256)).isEmpty()) {
            budget -= l.length() + 1;
            if (budget < 0) {
                throw new IOException("header too long");
            }
            String[] f = l.split(" ");
            switch (f[0]) {
                case "stream" -> stream = name(f, 1);
                case "audio" -> audio = Boolean.parseBoolean(value(f, 1));
                case "fps" -> fps = decimal(value(f, 1), 0, 240);
                case "preset" -> {
                    preset = value(f, 1);
                    if (!PRESETS.contains(preset)) {
                        throw new IOException("unknown preset " + preset);
                    }
                }
                case "threads" -> threads = number(f, 1, 0, 64);
                case "rung" -> {
                    if (f.length != 7 || rungs.size() >= MAX_RUNGS) {
                        throw new IOException("bad rung line");
                    }
                    rungs.add(new Rendition(name(f, 1), number(f, 2, 0, 7680), number(f, 3, 0, 4320),
                            number(f, 4, 0, 240), number(f, 5, 0, 100_000), number(f, 6, 0, 1_000), false));
                }
                default -> throw new IOException("unknown header field " + f[0]);
            }
        }
        if (stream == null || rungs.isEmpty()) {
            throw new IOException("a request names its stream and at least one rung");
        }
        for (Rendition r : rungs) {
            if (r.audioOnly() != (r.width() == 0) || (!r.audioOnly() && (r.fps() == 0 || r.videoKbps() == 0))
                    || (r.audioOnly() && (!audio || r.audioKbps() == 0))) {
                throw new IOException("bad rung " + r.name());
            }
        }
        return new Request(stream, audio, fps, preset, threads, List.copyOf(rungs));
    }

    private static String value(String[] f, int i) throws IOException {
        if (f.length != i + 1 || f[i].isEmpty()) {
            throw new IOException("bad header field " + f[0]);
        }
        return f[i];
    }

    private static String name(String[] f, int i) throws IOException {
        if (i >= f.length || !NAME.matcher(f[i]).matches()) {
            throw new IOException("bad name in " + f[0]);
        }
        return f[i];
    }

    private static int number(String[] f, int i, int min, int max) throws IOException {
        try {
            int n = Integer.parseInt(i < f.length ? f[i] : "");
            if (n < min || n > max) {
                throw new IOException(f[0] + " out of range");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IOException("bad number in " + f[0]);
        }
    }

    private static double decimal(String s, double min, double max) throws IOException {
        try {
            double d = Double.parseDouble(s);
            if (!(d >= min && d <= max)) {
                throw new IOException("fps out of range");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IOException("bad fps");
        }
    }

    /** Writes one rendition tag frame (the caller serializes writers and flushes). */
    static void writeFrame(DataOutputStream out, int rung, FlvTags.Tag tag) throws IOException {
        out.writeByte(rung);
        out.writeByte(tag.type());
        out.writeLong(tag.timestamp());
        out.writeInt(tag.body().length);
        out.write(tag.body());
    }

    /** A frame read back: its rung and tag; rung {@link #DONE} (and a null tag) at the end; null at EOF. */
    record Frame(int rung, FlvTags.Tag tag) {
    }

    static Frame readFrame(DataInputStream in, int rungs) throws IOException {
        int rung = in.read();
        if (rung < 0) {
            return null;
        }
        if (rung == DONE) {
            return new Frame(DONE, null);
        }
        if (rung >= rungs) {
            throw new IOException("frame of unknown rung " + rung);
        }
        int type = in.readUnsignedByte();
        long ts = in.readLong();
        int len = in.readInt();
        if (len < 0 || len > MAX_BODY) {
            throw new IOException("frame body of " + len + " bytes");
        }
        byte[] body = new byte[len];
        in.readFully(body);
        return new Frame(rung, new FlvTags.Tag(type, ts, body));
    }
}
