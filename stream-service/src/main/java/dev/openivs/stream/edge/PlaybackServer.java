package dev.openivs.stream.edge;

import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.hls.HlsPackager;
import dev.openivs.stream.hls.HlsStream;
import dev.openivs.stream.hls.LlHlsStream;
import dev.openivs.stream.hls.Playlists;
import dev.openivs.stream.media.StreamDescriptor;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
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
    private volatile int port = -1;

    public PlaybackServer(Vertx vertx, StreamConfig config, HlsPackager packager, ViewerTracker viewers,
            LowLatencyPlayback lowLatency, PlaybackAccess access, EdgeSessions sessions) {
        this.vertx = vertx;
        this.config = config.playback();
        this.packager = packager;
        this.viewers = viewers;
        this.lowLatency = lowLatency;
        this.access = access;
        this.sessions = sessions;
    }

    void start(@Observes StartupEvent event) throws Exception {
        if (!config.enabled()) {
            return;
        }
        int instances = config.instances() > 0 ? config.instances() : Runtime.getRuntime().availableProcessors();
        port = resolve(config.port());
        vertx.deployVerticle(Listener::new, new DeploymentOptions().setInstances(instances))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.setPeriodic(10_000, id -> viewers.prune(System.currentTimeMillis()));
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

    private final class Listener extends AbstractVerticle {
        @Override
        public void start(Promise<Void> started) {
            vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(port)
                            .setTcpNoDelay(true).setReuseAddress(true).setCompressionSupported(false)
                            // HTTP/1.1 only (players use h2 over TLS, never h2c): connections are counted per
                            // viewer address when accepted, not after their first bytes
                            .setHttp2ClearTextEnabled(false))
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
            EdgeRequests.text(req, 404, "channel is not live");
            return;
        }
        StreamDescriptor descriptor = hls != null ? hls.descriptor() : ll.descriptor();
        access.admit(req, path.sessionId(), EdgeRequests.multivariant(m), descriptor, hls, ll,
                () -> serve(req, m, channelArn, hls, ll, access.maxResolution(path.sessionId())));
    }


    /** Answers a request {@link PlaybackAccess} admitted. */
    private void serve(HttpServerRequest req, Matcher m, String channelArn, HlsStream hls, LlHlsStream ll,
            String maxResolution) {
        if (ll != null) {
            HlsPackager.Renditions<LlHlsStream> r = packager.lowLatencyRenditions(channelArn).orElse(null);
            lowLatency.handle(req, m, channelArn, ll, r, r == null || !EdgeRequests.multivariant(m) ? List.of()
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
                    ? Playlists.multivariant(snap, dir + "/" + Playlists.SOURCE) : Playlists.multivariant(3, variants));
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
        } else if (m.group(7) == null) {
            EdgeRequests.text(req, 404, "this channel serves MPEG-TS (normal latency) segments");
        } else {
            HlsStream.Segment seg = rsnap.segment(m.group(5), Long.parseLong(m.group(7)));
            if (seg == null) {
                EdgeRequests.text(req, 404, "segment not available");
                return;
            }
            HttpCache.sendMedia(req, "video/mp2t", shared, seg.session() + "." + rendition.name() + "."
                    + seg.sequence(), seg.readyAt().toEpochMilli(), seg.data());
        }
    }




}
