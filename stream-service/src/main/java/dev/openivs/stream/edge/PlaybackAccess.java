package dev.openivs.stream.edge;

import dev.openivs.aws.errors.AwsErrorShape;
import dev.openivs.aws.errors.AwsException;
import dev.openivs.internal.playbackauth.PlaybackAuthClient;
import dev.openivs.stream.hls.HlsPackager;
import dev.openivs.stream.hls.HlsStream;
import dev.openivs.stream.hls.Playlists;
import dev.openivs.stream.hls.LlHlsStream;
import dev.openivs.stream.media.StreamDescriptor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Who may play what at the edge (REFERENCE §8–§9), decided before {@link PlaybackServer} serves a request.
 *
 * <ul>
 * <li>Public channels without a restriction policy: served at once (the token, if any, is ignored).</li>
 * <li>A channel's playback restriction policy (its {@code playbackRestrictionPolicyArn}, as the channel was at stream
 * start; the policy itself is fetched from playback-auth-service and cached for {@code policy-cache-ttl}):
 * {@code allowedCountries} against the viewer-country header set by a trusted proxy ({@code country-header});
 * {@code allowedOrigins} against the {@code Origin} header on the multivariant playlist, and on every request with
 * {@code enableStrictOriginEnforcement}. Empty lists allow everything.</li>
 * <li>Private channels ({@code authorized: true}): the multivariant playlist needs {@code ?token=}; playback-auth
 * verifies it (ES384 signature by an imported key pair, channel ARN, {@code exp}, origin, single-use UUID spent,
 * viewer revocation) and the edge then checks {@code aws:maximum-resolution} against the source rendition, opens an
 * {@link EdgeSessions edge session} and redirects (302) to the session's multivariant playlist. Every later request
 * names the session in its path and is checked locally: session known and not revoked, and with
 * {@code aws:strict-origin-enforcement} the same origin.</li>
 * </ul>
 * Refusals are 403 with a short text (the reason, never the token); playback-auth-service unreachable is 503.
 */
@ApplicationScoped
public class PlaybackAccess {
    private static final Logger LOG = Logger.getLogger(PlaybackAccess.class);
    /** Longer tokens are refused without asking playback-auth-service. */
    static final int MAX_TOKEN_LENGTH = 8192;
    private static final int MAX_CACHED_POLICIES = 10_000;

    private record CachedPolicy(long atMs, CompletableFuture<PlaybackAuthClient.Policy> policy) {
    }

    private final PlaybackAuthClient auth;
    private final EdgeSessions sessions;
    private final PlaybackAccessConfig config;
    private final Vertx vertx;
    private final Map<String, CachedPolicy> policies = new ConcurrentHashMap<>();
    private final HlsPackager packager;

    public PlaybackAccess(@RestClient PlaybackAuthClient auth, EdgeSessions sessions, PlaybackAccessConfig config,
            Vertx vertx, HlsPackager packager) {
        this.auth = auth;
        this.sessions = sessions;
        this.config = config;
        this.vertx = vertx;
        this.packager = packager;
    }

    /** The {@code aws:maximum-resolution} of a private channel's edge session (null: none, or no session). */
    String maxResolution(String sessionId) {
        if (sessionId == null) {
            return null;
        }
        EdgeSessions.Session s = sessions.get(sessionId, System.currentTimeMillis());
        return s == null ? null : s.maxResolution;
    }

    /** The variants a token's {@code aws:maximum-resolution} allows (all without one). */
    List<Playlists.Variant> within(List<Playlists.Variant> variants, String maxResolution) {
        if (maxResolution == null) {
            return variants;
        }
        return variants.stream().filter(v -> !exceeds(v.width(), v.height(), maxResolution)).toList();
    }

    /**
     * Runs {@code serve} (on the request's event loop) when the request may be served, else answers it.
     *
     * @param sessionId    the edge session named in the path, or null
     * @param multivariant whether this is the multivariant playlist (where playback starts)
     */
    public void admit(HttpServerRequest req, String sessionId, boolean multivariant, StreamDescriptor d,
            Source source, Runnable serve) {
        String policyArn = policyArn(d);
        if (!d.authorized() && policyArn.isEmpty()) {
            serve.run();
            return;
        }
        if (policyArn.isEmpty()) {
            admitPrivate(req, sessionId, multivariant, d, source, serve);
            return;
        }
        whenDone(policy(policyArn, d.account()), (policy, err) -> {
            if (err != null) {
                failed(req, err, "the channel's playback restriction policy");
                return;
            }
            String refused = checkPolicy(req, policy, multivariant);
            if (refused != null) {
                deny(req, refused);
            } else if (d.authorized()) {
                admitPrivate(req, sessionId, multivariant, d, source, serve);
            } else {
                serve.run();
            }
        });
    }

    /**
     * Whether every viewer gets the same answers (no token, no restriction policy), so that shared caches (CDNs) may
     * keep them.
     */
    static boolean shared(StreamDescriptor d) {
        return !d.authorized() && policyArn(d).isEmpty();
    }

    private static String policyArn(StreamDescriptor d) {
        return d.channel() == null ? "" : d.channel().path("playbackRestrictionPolicyArn").asText("");
    }

    /** Null when the policy allows the request, else why not. Echoes an allowed origin in the CORS header. */
    String checkPolicy(HttpServerRequest req, PlaybackAuthClient.Policy p, boolean multivariant) {
        List<String> countries = p.allowedCountries() == null ? List.of() : p.allowedCountries();
        if (!countries.isEmpty()) {
            String country = req.getHeader(config.countryHeader());
            if (country == null || countries.stream().noneMatch(c -> c.equalsIgnoreCase(country.trim()))) {
                return "playback is not allowed in the viewer's country";
            }
        }
        List<String> origins = p.allowedOrigins() == null ? List.of() : p.allowedOrigins();
        if (!origins.isEmpty()) {
            String origin = req.getHeader("Origin");
            boolean allowed = origin != null && origins.stream().anyMatch(o -> o.equals("*")
                    || o.equalsIgnoreCase(origin));
            if (allowed) {
                cors(req, origin);
            } else if (multivariant || Boolean.TRUE.equals(p.enableStrictOriginEnforcement())) {
                return "playback is not allowed from this origin";
            }
        }
        return null;
    }

    private void admitPrivate(HttpServerRequest req, String sessionId, boolean multivariant, StreamDescriptor d,
            Source source, Runnable serve) {
        String origin = req.getHeader("Origin");
        if (sessionId != null) {
            EdgeSessions.Session s = sessions.get(sessionId, System.currentTimeMillis());
            if (s == null || !s.channelArn.equals(d.channelArn())) {
                deny(req, "playback session unknown or expired; start again at the playback URL with ?token=");
            } else if (s.revoked) {
                deny(req, "viewer session revoked");
            } else if (s.strictOrigin && !s.allowedOrigin.equalsIgnoreCase(origin)) {
                deny(req, "origin not allowed by the playback token");
            } else {
                if (s.allowedOrigin != null) {
                    cors(req, s.allowedOrigin);
                }
                serve.run();
            }
            return;
        }
        if (!multivariant) {
            deny(req, "private channel: start playback at the playback URL with ?token=");
            return;
        }
        String token = req.getParam("token");
        if (token == null || token.isEmpty()) {
            deny(req, "private channel: a playback token is required (?token=)");
            return;
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            deny(req, "playback token refused: MALFORMED_TOKEN");
            return;
        }
        whenDone(source.playable(), (size, err) -> {
            if (err != null || size == null) {
                // before verifying: a single-use token is spent by its first successful verification
                EdgeRequests.text(req, 404, "stream is not playable yet");
            } else {
                verify(req, d, token, origin, size);
            }
        });
    }

    private void verify(HttpServerRequest req, StreamDescriptor d, String token, String origin, int[] size) {
        String ip = viewerIp(req);
        if (!sessions.canOpen(ip)) {
            tooMany(req);
            return;
        }
        CompletableFuture<PlaybackAuthClient.Verdict> verdict = auth.verify(
                new PlaybackAuthClient.VerifyRequest(token, d.channelArn(), origin, ip), d.account())
                .subscribeAsCompletionStage();
        whenDone(verdict, (v, err) -> {
            if (err != null) {
                failed(req, err, "the playback token");
            } else if (!v.allowed()) {
                LOG.debugf("playback token refused for %s: %s", d.channelArn(), v.reason());
                deny(req, "playback token refused: " + v.reason());
            } else if (v.maxResolution() != null && exceeds(size[0], size[1], v.maxResolution())) {
                deny(req, "no rendition within the token's aws:maximum-resolution " + v.maxResolution());
            } else {
                startSession(req, d, origin, ip, v);
            }
        });
    }

    private void startSession(HttpServerRequest req, StreamDescriptor d, String origin, String ip,
            PlaybackAuthClient.Verdict v) {
        // the token allowed this request's origin (or had no origin claim, or is not strict and there is no Origin)
        String sessionOrigin = origin != null && v.allowedOrigin() != null ? origin : null;
        boolean strict = sessionOrigin != null && Boolean.TRUE.equals(v.strictOriginEnforcement());
        EdgeSessions.Session s = sessions.open(d.channelArn(), ip, v.viewerId(),
                v.viewerSessionVersion() == null ? 0 : v.viewerSessionVersion(), sessionOrigin, strict,
                v.maxResolution(), System.currentTimeMillis());
        if (s == null) {
            tooMany(req);
            return;
        }
        if (s.revoked) {
            deny(req, "viewer session revoked");
            return;
        }
        if (sessionOrigin != null) {
            cors(req, sessionOrigin);
        }
        req.response().setStatusCode(302)
                .putHeader("Location", EdgeSessions.inSession(s.id, req.path()))
                .putHeader("Cache-Control", "no-store")
                .putHeader("Content-Length", "0")
                .end();
    }

    /** The restriction policy, from the cache when fetched less than {@code policy-cache-ttl} ago. */
    CompletableFuture<PlaybackAuthClient.Policy> policy(String arn, String account) {
        long now = System.currentTimeMillis();
        CachedPolicy cached = policies.get(arn);
        if (cached != null) {
            long age = now - cached.atMs();
            boolean failed = cached.policy().isCompletedExceptionally();
            if (age < config.policyCacheTtl().toMillis() && !(failed && age > 1_000)) {
                return cached.policy();
            }
        }
        if (policies.size() >= MAX_CACHED_POLICIES) {
            policies.values().removeIf(c -> now - c.atMs() > config.policyCacheTtl().toMillis());
        }
        CompletableFuture<PlaybackAuthClient.Policy> f = auth.policy(arn, account).subscribeAsCompletionStage();
        policies.put(arn, new CachedPolicy(now, f));
        return f;
    }

    /** Continues on the caller's event loop: at once when already complete, else when the result arrives. */
    private <T> void whenDone(CompletableFuture<T> f, BiConsumer<T, Throwable> then) {
        if (f.isDone()) {
            f.handle((v, e) -> {
                then.accept(v, unwrap(e));
                return null;
            });
            return;
        }
        Context ctx = vertx.getOrCreateContext();
        f.whenComplete((v, e) -> ctx.runOnContext(x -> then.accept(v, unwrap(e))));
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static void failed(HttpServerRequest req, Throwable err, String what) {
        if (err instanceof AwsException a && (a.shape() == AwsErrorShape.ResourceNotFoundException
                || a.shape() == AwsErrorShape.ValidationException)) {
            deny(req, what.equals("the playback token") ? "playback token refused"
                    : "the channel's playback restriction policy does not exist");
            return;
        }
        LOG.warnf("playback authorization unavailable while checking %s: %s", what, err.getClass().getSimpleName());
        if (!req.response().ended()) {
            req.response().putHeader("Retry-After", "1");
            EdgeRequests.text(req, 503, "playback authorization is unavailable; retry");
        }
    }

    /**
     * The {@link Source} of a stream this replica holds, sized by its smallest rendition: a token's maximum
     * resolution refuses a viewer only when not even the lowest rendition (transcoded or the source) is within it.
     */
    Source source(HlsStream hls, LlHlsStream ll) {
        Source local = local(hls, ll);
        String channelArn = hls != null ? hls.descriptor().channelArn() : ll.descriptor().channelArn();
        HlsPackager.Renditions<?> r = hls != null ? packager.renditions(channelArn).orElse(null)
                : packager.lowLatencyRenditions(channelArn).orElse(null);
        return () -> local.playable().thenApply(size -> {
            if (size == null || r == null) {
                return size;
            }
            int[] smallest = size;
            for (Playlists.Variant v : r.variants("")) {
                if (v.width() > 0 && v.height() > 0) {
                    smallest = smaller(smallest, v.width(), v.height());
                }
            }
            return smallest;
        });
    }

    /** The smaller (by short side) of {@code size} ({width, height}, or null for none yet) and {@code w}x{@code h}. */
    static int[] smaller(int[] size, int w, int h) {
        return size == null || Math.min(w, h) < Math.min(size[0], size[1]) ? new int[] {w, h} : size;
    }

    /** Whether a {@code width}x{@code height} rendition is above {@code maxResolution} (short side compared). */
    static boolean exceeds(int width, int height, String maxResolution) {
        if (width <= 0 || height <= 0) {
            return true;
        }
        return Math.min(width, height) > limit(maxResolution);
    }

    /** Lines of {@code aws:maximum-resolution}: SD 480p, HD 720p, FULL_HD 1080p. */
    static int limit(String maxResolution) {
        return switch (maxResolution) {
            case "SD" -> 480;
            case "HD" -> 720;
            default -> 1080;
        };
    }

    /**
     * What is being played, as far as admitting a new viewer needs it: whether it is playable now and the source
     * rendition's size ({width, height}, or null when not playable). A stream held here answers at once; one held
     * by another replica asks it ({@link HolderFetch}).
     */
    public interface Source {
        CompletableFuture<int[]> playable();
    }

    /** The {@link Source} of a stream this replica holds. */
    static Source local(HlsStream hls, LlHlsStream ll) {
        return () -> {
            if (hls != null) {
                HlsStream.Snapshot s = hls.snapshot();
                return CompletableFuture.completedFuture(!s.ended() && s.started()
                        ? new int[] {s.width(), s.height()} : null);
            }
            LlHlsStream.Snapshot s = ll.snapshot();
            return CompletableFuture.completedFuture(s.playable() ? new int[] {s.width(), s.height()} : null);
        };
    }

    static String viewerIp(HttpServerRequest req) {
        return req.remoteAddress() == null ? "?" : req.remoteAddress().host();
    }

    private static void cors(HttpServerRequest req, String origin) {
        req.response().putHeader("Access-Control-Allow-Origin", origin).putHeader("Vary", "Origin");
    }

    private static void deny(HttpServerRequest req, String reason) {
        if (!req.response().ended()) {
            req.response().putHeader("Vary", "Origin");
            EdgeRequests.text(req, 403, reason);
        }
    }

    private static void tooMany(HttpServerRequest req) {
        req.response().putHeader("Retry-After", "10");
        EdgeRequests.text(req, 429, "too many playback sessions from this address");
    }
}
