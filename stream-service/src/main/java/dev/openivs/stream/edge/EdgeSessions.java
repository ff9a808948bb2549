package dev.openivs.stream.edge;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Playback sessions of private channels on this replica, and the per-viewer-IP bounds of the edge.
 *
 * <p>A viewer starts playback at the channel's playbackUrl with {@code ?token=}; once playback-auth-service has
 * verified the token, the edge opens a session (128 random bits, the id is the capability) holding the verified
 * claims that matter later (channel, viewer id and session version, origin, strict origin, maximum resolution) and
 * redirects the player to {@code /api/video/v1/session.{id}/{channel}.m3u8}. Every URL in the playlists is relative,
 * so the media playlist, segments and parts all carry the session in their path and are checked against it here,
 * without another call to playback-auth-service. A session that makes no request for
 * {@code session-idle-timeout} is forgotten; a revoked viewer's sessions fail from the next request on.
 */
@ApplicationScoped
public class EdgeSessions {
    private static final Logger LOG = Logger.getLogger(EdgeSessions.class);
    /** {@code /api/video/v1/session.{id}/rest}: group 1 the session id, group 2 {@code /rest}. */
    static final Pattern PATH = Pattern.compile("/api/video/v1/session\\.([A-Za-z0-9_-]{22})(/.*)");
    private static final String PREFIX = "/api/video/v1";
    /** Revocations remembered for sessions opened while their event was in flight (tokens live ≤ 10 min). */
    private static final long RECENT_REVOCATION_MS = 15 * 60_000L;
    private static final int MAX_RECENT_REVOCATIONS = 100_000;

    /** One viewer's playback of one private channel. */
    public static final class Session {
        final String id;
        final String channelArn;
        final String viewerIp;
        final String viewerId;
        final long viewerSessionVersion;
        /** The origin the token allowed and the request came from (echoed in CORS headers), or null. */
        final String allowedOrigin;
        final boolean strictOrigin;
        final String maxResolution;
        volatile long lastSeenMs;
        volatile boolean revoked;

        Session(String id, String channelArn, String viewerIp, String viewerId, long viewerSessionVersion,
                String allowedOrigin, boolean strictOrigin, String maxResolution, long nowMs) {
            this.id = id;
            this.channelArn = channelArn;
            this.viewerIp = viewerIp;
            this.viewerId = viewerId;
            this.viewerSessionVersion = viewerSessionVersion;
            this.allowedOrigin = allowedOrigin;
            this.strictOrigin = strictOrigin;
            this.maxResolution = maxResolution;
            this.lastSeenMs = nowMs;
        }

        public String id() {
            return id;
        }

        public boolean revoked() {
            return revoked;
        }
    }

    private record Revocation(long upTo, long atMs) {
    }

    /** A request path split into the session id (null when absent) and the path without it. */
    public record SessionPath(String sessionId, String path) {
    }

    private final PlaybackAccessConfig config;
    private final Vertx vertx;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> sessionsPerIp = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> connectionsPerIp = new ConcurrentHashMap<>();
    private final Map<String, Revocation> recentRevocations = new ConcurrentHashMap<>();

    public EdgeSessions(PlaybackAccessConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        vertx.setPeriodic(5_000, id -> sweep(System.currentTimeMillis()));
    }

    /** Splits {@code /api/video/v1/session.{id}/...} into the id and {@code /api/video/v1/...}. */
    public static SessionPath split(String path) {
        if (!path.startsWith(PREFIX + "/session.")) {
            return new SessionPath(null, path);
        }
        Matcher m = PATH.matcher(path);
        return m.matches() ? new SessionPath(m.group(1), PREFIX + m.group(2)) : new SessionPath(null, path);
    }

    /** The path of {@code path} (a playback path without session) inside session {@code id}. */
    public static String inSession(String id, String path) {
        return PREFIX + "/session." + id + path.substring(PREFIX.length());
    }

    /** False when the viewer IP already holds {@code max-sessions-per-ip} sessions. */
    public boolean canOpen(String viewerIp) {
        AtomicInteger n = sessionsPerIp.get(viewerIp);
        return n == null || n.get() < config.maxSessionsPerIp();
    }

    /** A new session, or null when the viewer IP is at its cap. */
    public Session open(String channelArn, String viewerIp, String viewerId, long viewerSessionVersion,
            String allowedOrigin, boolean strictOrigin, String maxResolution, long nowMs) {
        AtomicInteger n = sessionsPerIp.computeIfAbsent(viewerIp, k -> new AtomicInteger());
        if (n.incrementAndGet() > config.maxSessionsPerIp()) {
            release(viewerIp);
            return null;
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Session s = new Session(id, channelArn, viewerIp, viewerId, viewerSessionVersion, allowedOrigin, strictOrigin,
                maxResolution, nowMs);
        if (viewerId != null && revokedUpTo(channelArn, viewerId, nowMs) >= viewerSessionVersion) {
            s.revoked = true; // revoked while the token was being verified
        }
        byId.put(id, s);
        return s;
    }

    /** The live session with this id (touched), or null when unknown or idle for too long. */
    public Session get(String id, long nowMs) {
        Session s = byId.get(id);
        if (s == null) {
            return null;
        }
        if (nowMs - s.lastSeenMs > config.sessionIdleTimeout().toMillis()) {
            close(s);
            return null;
        }
        s.lastSeenMs = nowMs;
        return s;
    }

    /**
     * StartViewerSessionRevocation: every session of the viewer on the channel whose session version is at or below
     * {@code upTo} fails from its next request; remembered for sessions being opened right now.
     */
    public int revoke(String channelArn, String viewerId, long upTo, long nowMs) {
        if (recentRevocations.size() >= MAX_RECENT_REVOCATIONS) {
            recentRevocations.values().removeIf(r -> nowMs - r.atMs() > RECENT_REVOCATION_MS);
        }
        if (recentRevocations.size() < MAX_RECENT_REVOCATIONS) {
            recentRevocations.merge(channelArn + "|" + viewerId, new Revocation(upTo, nowMs),
                    (a, b) -> new Revocation(Math.max(a.upTo(), b.upTo()), b.atMs()));
        }
        int stopped = 0;
        for (Session s : byId.values()) {
            if (!s.revoked && viewerId.equals(s.viewerId) && channelArn.equals(s.channelArn)
                    && s.viewerSessionVersion <= upTo) {
                s.revoked = true;
                stopped++;
            }
        }
        return stopped;
    }

    private long revokedUpTo(String channelArn, String viewerId, long nowMs) {
        Revocation r = recentRevocations.get(channelArn + "|" + viewerId);
        return r == null || nowMs - r.atMs() > RECENT_REVOCATION_MS ? Long.MIN_VALUE : r.upTo();
    }

    /** Open sessions on this replica. */
    public int size() {
        return byId.size();
    }

    /** Counts the connection against its peer's cap, closing it when the peer is over the cap. */
    public void connected(HttpConnection conn) {
        String ip = conn.remoteAddress() == null ? "?" : conn.remoteAddress().host();
        AtomicInteger n = connectionsPerIp.computeIfAbsent(ip, k -> new AtomicInteger());
        int open = n.incrementAndGet();
        conn.closeHandler(v -> {
            if (n.decrementAndGet() <= 0) {
                connectionsPerIp.remove(ip, n);
            }
        });
        if (open > config.maxConnectionsPerIp()) {
            LOG.debugf("closing a playback connection: %d connections from one address", open);
            conn.close();
        }
    }

    void sweep(long nowMs) {
        long idle = config.sessionIdleTimeout().toMillis();
        for (Session s : byId.values()) {
            if (nowMs - s.lastSeenMs > idle) {
                close(s);
            }
        }
        recentRevocations.values().removeIf(r -> nowMs - r.atMs() > RECENT_REVOCATION_MS);
    }

    private void close(Session s) {
        if (byId.remove(s.id, s)) {
            release(s.viewerIp);
        }
    }

    private void release(String ip) {
        sessionsPerIp.computeIfPresent(ip, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }
}
