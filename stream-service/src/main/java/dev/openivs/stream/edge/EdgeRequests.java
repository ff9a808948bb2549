package dev.openivs.stream.edge;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every handler of the playback edge shares: the URL layout ({@link #PATH}) and how plain answers are sent.
 * {@link PlaybackServer}, {@link LowLatencyPlayback}, {@link PlaybackAccess} and {@link HttpCache} use it, so none of
 * them needs another's internals.
 */
final class EdgeRequests {
    static final Pattern PATH = Pattern.compile("/api/video/v1/([a-z0-9-]+)\\.([0-9]{12})\\.channel\\.([a-zA-Z0-9]+)"
            + "(?:\\.m3u8|/([a-z0-9_]{1,32})\\.m3u8|/(st-[a-zA-Z0-9]+)/([a-z0-9_]{1,32})-(?:([0-9]{1,18})\\.ts"
            + "|([0-9]{1,18})(?:\\.([0-9]{1,6}))?\\.m4s|(init)\\.mp4))");

    static final String M3U8 = "application/vnd.apple.mpegurl";
    /** Set on a request once its peer token was verified (request headers are only read after that). */
    static final String PEER_CHECKED = "x-ivs-peer-checked";

    /**
     * Whether {@link #PATH} matched the multivariant playlist. Groups: 4 a media playlist's rendition
     * ({@code source} or a rendition id), 5 the session of a file, 6 the file's rendition, 7 a TS segment's
     * sequence, 8 an fMP4 segment's, 9 its part, 10 an init segment.
     */
    static boolean multivariant(Matcher m) {
        return m.group(4) == null && m.group(5) == null;
    }

    /** {region}.{account}.channel.{id}: the channel's directory, relative to the multivariant playlist. */
    /** The rendition a media playlist (group 4) or a session file (group 6) belongs to. */
    static String rendition(Matcher m) {
        return m.group(4) != null ? m.group(4) : m.group(6);
    }

    static String channelDir(Matcher m) {
        return m.group(1) + "." + m.group(2) + ".channel." + m.group(3);
    }

    /** Header naming a peer replica's fetch (the internal token): served without access checks, not a viewer. */
    static final String PEER = dev.openivs.aws.rest.InternalHeaders.INTERNAL_TOKEN;

    /** Whether the request is a peer replica's edge fetching from this holder (it carries the internal token). */
    static boolean peer(HttpServerRequest req, String internalToken) {
        String t = req.getHeader(PEER);
        return t != null && java.security.MessageDigest.isEqual(t.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                internalToken.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Who is watching, as far as plain HTTP tells: client address and User-Agent; null for a peer replica's fetch
     * (marked by {@link PlaybackServer} after checking its token), which is not a viewer.
     */
    static String viewer(HttpServerRequest req) {
        if (req.headers().contains(PEER_CHECKED)) {
            return null;
        }
        String ua = req.getHeader("User-Agent");
        if (ua != null && ua.length() > 256) {
            ua = ua.substring(0, 256);
        }
        return (req.remoteAddress() == null ? "?" : req.remoteAddress().host()) + "|" + ua;
    }

    /** An error (404s are short-lived in caches: what is missing now may exist in a second). */
    static void text(HttpServerRequest req, int status, String message) {
        send(req, status, "text/plain; charset=utf-8", status == 404 ? "max-age=1" : "no-store",
                Buffer.buffer(message + "\n"));
    }

    static void send(HttpServerRequest req, int status, String type, String cache, Buffer body) {
        HttpServerResponse res = req.response().setStatusCode(status)
                .putHeader("Content-Type", type)
                .putHeader("Cache-Control", cache)
                .putHeader("Content-Length", String.valueOf(body.length()));
        if (req.method() == HttpMethod.HEAD) {
            res.end();
        } else {
            res.end(body);
        }
    }

    private EdgeRequests() {
    }
}
