package dev.openivs.stream.edge;

import dev.openivs.stream.media.MediaBytes;
import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * HTTP caching of the playback edge's answers, for browsers and CDNs in front of it. Segments, parts and init segments
 * never change under their URL (it names the stream session): long-lived and immutable, with a strong {@code ETag},
 * {@code Last-Modified} and byte ranges. Playlists are short-lived and carry an {@code ETag} of their text. A channel
 * whose answers depend on the viewer (private: token and edge session; or a playback restriction policy: country and
 * origin) is never stored by shared caches ({@code private}), and its playlists not at all.
 */
final class HttpCache {
    static final String YEAR = "max-age=31536000, immutable";
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private HttpCache() {
    }

    /** Cache-Control of a segment, part or init segment. */
    static String media(boolean shared) {
        return (shared ? "public, " : "private, ") + YEAR;
    }

    /** Cache-Control of a playlist a shared cache may keep {@code seconds}. */
    static String playlist(boolean shared, long seconds) {
        return shared ? "public, max-age=" + Math.max(1, seconds) : "private, no-store";
    }

    /** A playlist: 200 with an ETag of its text, or 304 when the client holds that version. */
    static void sendPlaylist(HttpServerRequest req, String cache, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(body);
        String etag = "\"" + Long.toHexString(crc.getValue()) + "-" + Integer.toHexString(body.length) + "\"";
        HttpServerResponse res = req.response().putHeader("ETag", etag);
        if (notModified(req, etag)) {
            res.setStatusCode(304).putHeader("Cache-Control", cache).end();
            return;
        }
        EdgeRequests.send(req, 200, EdgeRequests.M3U8, cache, Buffer.buffer(body));
    }

    /**
     * Immutable media: 200, 206 for a satisfiable single {@code Range}, 416 for an unsatisfiable one, 304 for a
     * matching {@code If-None-Match}.
     *
     * @param name what identifies the bytes for good (session directory and file name)
     * @param modifiedMs when they were written (wall clock), 0 if not known
     */
    static void sendMedia(HttpServerRequest req, String type, boolean shared, String name, long modifiedMs,
            byte[] data) {
        // wrapped, not copied (Buffer.buffer(byte[]) copies): the array is immutable once published
        sendMedia(req, type, shared, name, modifiedMs, Buffer.buffer(Unpooled.wrappedBuffer(data).asReadOnly()));
    }

    /**
     * The same, for a segment's bytes: in memory, or read from the file a retired segment was moved to
     * ({@code hls.RetiredSegments}); a file deleted meanwhile (the segment left the retired window) is a 404.
     */
    static void sendMedia(HttpServerRequest req, Vertx vertx, String type, boolean shared, String name,
            long modifiedMs, MediaBytes bytes) {
        bytes.read(vertx).onComplete(read -> {
            if (read.failed()) {
                EdgeRequests.text(req, 404, "segment not available");
            } else {
                sendMedia(req, type, shared, name, modifiedMs, read.result());
            }
        });
    }

    /** The same, for bytes already in a buffer. */
    static void sendMedia(HttpServerRequest req, String type, boolean shared, String name, long modifiedMs,
            Buffer data) {
        sendMedia(req, type, media(shared), "\"" + name + "-" + Integer.toHexString(data.length()) + "\"",
                modifiedMs > 0 ? HTTP_DATE.format(Instant.ofEpochMilli(modifiedMs)) : null, data);
    }

    /** The same, for bytes fetched from the holder with their {@code Cache-Control}, ETag and Last-Modified. */
    static void sendMedia(HttpServerRequest req, String type, String cache, String etag, String lastModified,
            Buffer data) {
        HttpServerResponse res = req.response().putHeader("ETag", etag).putHeader("Accept-Ranges", "bytes");
        if (lastModified != null) {
            res.putHeader("Last-Modified", lastModified);
        }
        if (notModified(req, etag)) {
            res.setStatusCode(304).putHeader("Cache-Control", cache).end();
            return;
        }
        String ifRange = req.getHeader("If-Range");
        long[] range = ifRange == null || ifRange.equals(etag) ? range(req.getHeader("Range"), data.length())
                : null;
        if (range == null) {
            EdgeRequests.send(req, 200, type, cache, data);
        } else if (range.length == 0) {
            res.putHeader("Content-Range", "bytes */" + data.length());
            EdgeRequests.send(req, 416, "text/plain; charset=utf-8", "no-store",
                    Buffer.buffer("range not satisfiable\n"));
        } else {
            res.putHeader("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + data.length());
            EdgeRequests.send(req, 206, type, cache, data.slice((int) range[0], (int) range[1] + 1));
        }
    }

    /**
     * The single byte range {first, last} a {@code Range} header asks of {@code length} bytes: null to send them all
     * (no header, one we do not serve such as several ranges, or an invalid one, which RFC 9110 14.2 lets us
     * ignore), an empty array when it is unsatisfiable.
     */
    static long[] range(String header, int length) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return null;
        }
        String spec = header.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String from = spec.substring(0, dash).trim();
        String to = spec.substring(dash + 1).trim();
        try {
            if (from.isEmpty()) { // suffix: the last N bytes
                long n = Long.parseLong(to);
                return n <= 0 || length == 0 ? new long[0] : new long[] {Math.max(0, length - n), length - 1};
            }
            long first = Long.parseLong(from);
            long last = to.isEmpty() ? Long.MAX_VALUE : Long.parseLong(to);
            if (first < 0 || last < first) {
                return null;
            }
            return first >= length ? new long[0] : new long[] {first, Math.min(last, length - 1)};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean notModified(HttpServerRequest req, String etag) {
        String inm = req.getHeader("If-None-Match");
        if (inm == null) {
            return false;
        }
        for (String tag : inm.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
