package dev.openivs.stream.edge;

import dev.openivs.aws.IvsConfig;
import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.hls.HlsPackager;
import dev.openivs.stream.hls.HlsStream;
import dev.openivs.stream.hls.LlHlsStream;
import dev.openivs.stream.hls.Playlists;
import dev.openivs.stream.media.StreamDescriptor;
import dev.openivs.stream.session.Replica;
import dev.openivs.stream.tls.TlsCertificates;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.KeyCertOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.jboss.logging.Logger;

/**
 * The HLS playback edge: plain HTTP on {@code ivs.stream.playback.port} (one verticle per event loop sharing the
 * port), answering from the in-memory {@link HlsStream}s of the streams this replica ingests.
 *
 * <pre>
 * /api/video/v1/{region}.{account}.channel.{id}.m3u8                     multivariant playlist (channel.playbackUrl)
 * /api/video/v1/{region}.{account}.channel.{id}/source.m3u8              media playlist of the source rendition
 * /api/video/v1/{region}.{account}.channel.{id}/{rendition}.m3u8         media playlist of a transcoded rendition
 * /api/video/v1/{region}.{account}.channel.{id}/{streamId}/source-N.ts   segment N (media sequence number)
 * /api/video/v1/{region}.{account}.channel.{id}/{streamId}/{rendition}-N.ts  a transcoded rendition's segment N
 * </pre>
 *
 * Channels with {@code latencyMode: LOW} serve low-latency HLS (fMP4 parts) instead: see {@link LowLatencyPlayback}.
 *
 * The media playlist belongs to the channel, not to a stream session: when the encoder reconnects, the new session's
 * segments continue it after an EXT-X-DISCONTINUITY (segments stay under their session's directory). After a stream
 * ends, its playlist stays served (see {@link HlsPackager}), with EXT-X-ENDLIST once no new session continued it;
 * the multivariant playlist is 404 as soon as the channel is offline. Caching headers: {@link HttpCache}.
 *
 * Every answer carries {@code Access-Control-Allow-Origin: *} (or the allowed origin when a token or restriction
 * policy names origins). Offline channels and segments that left the window are 404. Private channels
 * and restriction policies are checked first by {@link PlaybackAccess}: a private channel's playback starts at
 * {@code {channel}.m3u8?token=} and continues under {@code /api/video/v1/session.{id}/...} (see {@link EdgeSessions}).
 */
@ApplicationScoped
public class PlaybackServer {
    private static final Logger LOG = Logger.getLogger(PlaybackServer.class);

    private final Vertx vertx;
    private final StreamConfig.Playback config;
    private final HlsPackager packager;
    private final ViewerTracker viewers;
    private final LowLatencyPlayback lowLatency;
    private final PlaybackAccess access;
    private final EdgeSessions sessions;
    private final HolderFetch holders;
    private final Replica replica;
    private final String internalToken;
    private final StreamConfig.Rtmps certificates;
    private volatile int port = -1;
    private volatile int tlsPort = -1;

    public PlaybackServer(Vertx vertx, StreamConfig config, HlsPackager packager, ViewerTracker viewers,
            LowLatencyPlayback lowLatency, PlaybackAccess access, EdgeSessions sessions, HolderFetch holders,
            Replica replica, IvsConfig ivs) {
        this.vertx = vertx;
        this.config = config.playback();
        this.certificates = config.rtmps();
        this.packager = packager;
        this.viewers = viewers;
        this.lowLatency = lowLatency;
        this.access = access;
        this.sessions = sessions;
        this.holders = holders;
        this.replica = replica;
        this.internalToken = ivs.internalToken();
    }

    void start(@Observes StartupEvent event) throws Exception {
        if (!config.enabled()) {
            return;
        }
        int instances = config.instances() > 0 ? config.instances() : Runtime.getRuntime().availableProcessors();
        port = resolve(config.port());
        vertx.deployVerticle(() -> new Listener(port, null), new DeploymentOptions().setInstances(instances))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        if (config.tlsPort() >= 0) {
            tlsPort = resolve(config.tlsPort());
            KeyCertOptions cert = TlsCertificates.keyCert(certificates);
            vertx.deployVerticle(() -> new Listener(tlsPort, cert), new DeploymentOptions().setInstances(instances))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            LOG.infof("HLS playback on https://%s:%d", config.host(), tlsPort);
        }
        vertx.setPeriodic(10_000, id -> viewers.prune(System.currentTimeMillis()));
        replica.playbackListening(config.host(), port);
        LOG.infof("HLS playback on http://%s:%d (%d event loops)", config.host(), port, instances);
    }

    private static int resolve(int port) throws java.io.IOException {
        if (port != 0) {
            return port;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** The listening port (the free one picked when configured as 0). */
    public int port() {
        return port;
    }

    /** The HTTPS port, -1 when HTTPS is off. */
    public int tlsPort() {
        return tlsPort;
    }

    private final class Listener extends AbstractVerticle {
        private final int listenPort;
        private final KeyCertOptions tls;

        Listener(int listenPort, KeyCertOptions tls) {
            this.listenPort = listenPort;
            this.tls = tls;
        }

        @Override
        public void start(Promise<Void> started) {
            HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(listenPort)
                    .setTcpNoDelay(true).setReuseAddress(true).setCompressionSupported(false)
                    // HTTP/1.1 only (no h2c, and no ALPN h2 over TLS yet): connections are counted per viewer
                    // address when accepted, not after their first bytes
                    .setHttp2ClearTextEnabled(false);
            if (tls != null) {
                options.setSsl(true).setKeyCertOptions(tls);
            }
            vertx.createHttpServer(options)
                    .connectionHandler(sessions::connected)
                    .requestHandler(PlaybackServer.this::handle)
                    .listen()
                    .onSuccess(s -> started.complete())
                    .onFailure(started::fail);
        }
    }

    void handle(HttpServerRequest req) {
        HttpServerResponse res = req.response();
        res.putHeader("Access-Control-Allow-Origin", "*");
        if (req.method() == HttpMethod.OPTIONS) {
            res.putHeader("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
                    .putHeader("Access-Control-Allow-Headers", "*")
                    .putHeader("Access-Control-Max-Age", "86400")
                    .setStatusCode(204).end();
            return;
        }
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
            EdgeRequests.text(req, 405, "method not allowed");
            return;
        }
        boolean peer = EdgeRequests.peer(req, internalToken);
        req.headers().remove(EdgeRequests.PEER_CHECKED);
        if (peer) {
            req.headers().set(EdgeRequests.PEER_CHECKED, "1");
        }
        EdgeSessions.SessionPath path = EdgeSessions.split(req.path());
        Matcher m = EdgeRequests.PATH.matcher(path.path());
        if (!m.matches()) {
            EdgeRequests.text(req, 404, "not found");
            return;
        }
        String channelArn = "arn:aws:ivs:" + m.group(1) + ":" + m.group(2) + ":channel/" + m.group(3);
        HlsStream hls = packager.get(channelArn).orElse(null);
        LlHlsStream ll = hls == null ? packager.lowLatency(channelArn).orElse(null) : null;
        if (hls == null && ll == null) {
            if (peer) {
                // a peer asks the holder only: never passed on again
                EdgeRequests.text(req, 404, "channel is not live on this replica");
            } else {
                remote(req, path, m, channelArn);
            }
            return;
        }
        if (peer) {
            // a peer replica's edge, which checked its viewer's access itself (and names its token's maximum
            // resolution, so the multivariant playlist drops the renditions above it there as here)
            serve(req, m, channelArn, hls, ll, req.getParam(PEER_MAX_RESOLUTION));
            return;
        }
        StreamDescriptor descriptor = hls != null ? hls.descriptor() : ll.descriptor();
        access.admit(req, path.sessionId(), EdgeRequests.multivariant(m), descriptor, access.source(hls, ll),
                () -> serve(req, m, channelArn, hls, ll, access.maxResolution(path.sessionId())));
    }

    /**
     * A channel this replica does not hold: served from the replica that does (the live session names it), with
     * access checked here exactly as for a local stream (edge sessions live on the replica the viewer uses).
     */
    private void remote(HttpServerRequest req, EdgeSessions.SessionPath path, Matcher m, String channelArn) {
        Context ctx = vertx.getOrCreateContext();
        holders.holder(channelArn).whenComplete((h, err) -> ctx.runOnContext(v -> {
            if (h == null) {
                EdgeRequests.text(req, 404, "channel is not live");
                return;
            }
            String multivariantPath = "/api/video/v1/" + EdgeRequests.channelDir(m) + ".m3u8";
            access.admit(req, path.sessionId(), EdgeRequests.multivariant(m), h.descriptor(),
                    holders.source(h, multivariantPath),
                    () -> proxy(req, h, m, channelArn, path.path(), access.maxResolution(path.sessionId())));
        }));
    }

    private void proxy(HttpServerRequest req, HolderFetch.Holder h, Matcher m, String channelArn, String path,
            String maxResolution) {
        boolean playlist = EdgeRequests.multivariant(m) || m.group(4) != null;
        String query = EdgeRequests.multivariant(m) && maxResolution != null
                ? PEER_MAX_RESOLUTION + "=" + maxResolution : null;
        if (playlist) {
            String msn = req.getParam("_HLS_msn");
            String part = req.getParam("_HLS_part");
            if ((msn != null && msn.length() > 20) || (part != null && part.length() > 20)) {
                EdgeRequests.text(req, 400, "_HLS_msn and _HLS_part must be integers");
                return;
            }
            if (msn != null || part != null) {
                query = (msn == null ? "" : "_HLS_msn=" + msn) + (msn != null && part != null ? "&" : "")
                        + (part == null ? "" : "_HLS_part=" + part);
            }
        }
        Context ctx = vertx.getOrCreateContext();
        holders.get(h, path, query, !playlist).whenComplete((a, err) -> ctx.runOnContext(v -> {
            if (req.response().ended() || req.response().closed()) {
                return;
            }
            if (a == null) {
                req.response().putHeader("Retry-After", "1");
                EdgeRequests.text(req, 503, "the replica holding this channel did not answer; retry");
            } else if (a.ok() && playlist) {
                viewers.seen(channelArn, EdgeRequests.viewer(req), System.currentTimeMillis());
                HttpCache.sendPlaylist(req, a.cache(), a.body().toString());
            } else if (a.ok()) {
                HttpCache.sendMedia(req, a.type(), a.cache(), a.etag(), a.lastModified(), a.body());
            } else {
                if (a.retryAfter() != null) {
                    req.response().putHeader("Retry-After", a.retryAfter());
                }
                EdgeRequests.send(req, a.status(), a.type() == null ? "text/plain; charset=utf-8" : a.type(),
                        a.cache() == null ? "no-store" : a.cache(), a.body());
            }
        }));
    }


    /** Answers a request {@link PlaybackAccess} admitted. */
    /** Query parameter of a peer's multivariant fetch: its viewer's token maximum resolution. */
    static final String PEER_MAX_RESOLUTION = "_ivs_max_resolution";

    private void serve(HttpServerRequest req, Matcher m, String channelArn, HlsStream hls, LlHlsStream ll,
            String maxResolution) {
        if (ll != null) {
            HlsPackager.Renditions<LlHlsStream> r = packager.lowLatencyRenditions(channelArn).orElse(null);
            // media playlists list the other renditions too (EXT-X-RENDITION-REPORT)
            lowLatency.handle(req, m, channelArn, ll, r, r == null ? List.of()
                    : access.within(r.variants(EdgeRequests.channelDir(m)), maxResolution));
            return;
        }
        boolean shared = PlaybackAccess.shared(hls.descriptor());
        HlsStream.Snapshot snap = hls.snapshot();
        // a shared cache keeps a playlist half a target duration (RFC 8216bis 6.2.1 reload: a target duration)
        String playlistCache = HttpCache.playlist(shared, snap.targetDuration() / 2);
        HlsPackager.Renditions<HlsStream> renditions = packager.renditions(channelArn).orElse(null);
        if (EdgeRequests.multivariant(m)) {
            if (snap.ended() || !snap.started()) {
                EdgeRequests.text(req, 404, snap.ended() ? "channel is not live" : "stream is not playable yet");
                return;
            }
            viewers.seen(channelArn, EdgeRequests.viewer(req), System.currentTimeMillis());
            String dir = EdgeRequests.channelDir(m);
            List<Playlists.Variant> variants = renditions == null ? List.of()
                    : access.within(renditions.variants(dir), maxResolution);
            HttpCache.sendPlaylist(req, playlistCache, variants.isEmpty()
                    ? Playlists.multivariant(snap, dir + "/" + Playlists.SOURCE)
                    : Playlists.multivariant(Playlists.version(snap), variants));
            return;
        }
        HlsStream rendition = renditions == null ? (Playlists.SOURCE_NAME.equals(EdgeRequests.rendition(m)) ? hls
                : null) : renditions.stream(EdgeRequests.rendition(m));
        if (rendition == null) {
            EdgeRequests.text(req, 404, "no such rendition");
            return;
        }
        HlsStream.Snapshot rsnap = rendition.snapshot();
        if (m.group(4) != null) {
            if (rsnap.segments().isEmpty()) {
                EdgeRequests.text(req, 404, "stream is not playable yet");
                return;
            }
            if (!rsnap.ended()) {
                viewers.seen(channelArn, EdgeRequests.viewer(req), System.currentTimeMillis());
            }
            HttpCache.sendPlaylist(req, playlistCache, Playlists.media(rsnap, rendition.adMarkers()));
        } else if (m.group(10) != null) {
            byte[] init = rsnap.init(m.group(5));
            if (init == null) {
                EdgeRequests.text(req, 404, "init segment not available");
                return;
            }
            HttpCache.sendMedia(req, "video/mp4", shared, m.group(5) + "." + rendition.name() + ".init",
                    rsnap.segments().isEmpty() ? 0 : rsnap.segments().get(0).readyAt().toEpochMilli(), init);
        } else if (m.group(9) != null) {
            EdgeRequests.text(req, 404, "this channel serves whole segments (normal latency), no parts");
        } else {
            String number = m.group(7) != null ? m.group(7) : m.group(8);
            HlsStream.Segment seg = rsnap.segment(m.group(5), Long.parseLong(number));
            if (seg == null || (m.group(7) != null) != "ts".equals(seg.extension())) {
                EdgeRequests.text(req, 404, "segment not available");
                return;
            }
            HttpCache.sendMedia(req, vertx, seg.init() != null ? "video/mp4" : "video/mp2t", shared,
                    seg.session() + "." + rendition.name() + "." + seg.sequence(), seg.readyAt().toEpochMilli(),
                    seg.bytes());
        }
    }




}
