package dev.openivs.stream.edge;

import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.hls.LlHlsStream;
import dev.openivs.stream.hls.LlPlaylists;
import dev.openivs.stream.hls.Playlists;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import dev.openivs.stream.hls.HlsPackager;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;

/**
 * Answers the playback requests of low-latency channels from their {@link LlHlsStream}, after
 * {@link PlaybackServer} has matched the path and checked access:
 *
 * <pre>
 * {channel}.m3u8                           multivariant playlist
 * {channel}/source.m3u8                    media playlist; _HLS_msn=M[&amp;_HLS_part=P] blocks until that part exists
 * {channel}/{streamId}/source-init.mp4     init segment (EXT-X-MAP) of a stream session
 * {channel}/{streamId}/source-M.m4s        segment M
 * {channel}/{streamId}/source-M.P.m4s      part P of segment M (the preload-hinted part blocks until it exists)
 * </pre>
 *
 * Blocking requests never block an event loop: they are parked on the stream and answered on their own event loop
 * when the part is published, or with 503 when a timer fires first (the bounded wait); parked requests are capped.
 * The media playlist outlives stream sessions (see {@link PlaybackServer}): requests parked on a session that ended
 * are answered from the channel's next session when the encoder reconnects.
 */
@ApplicationScoped
public class LowLatencyPlayback {
    private static final String MP4 = "video/mp4";

    private final Vertx vertx;
    private final StreamConfig.Playback config;
    private final ViewerTracker viewers;
    private final AtomicInteger parked = new AtomicInteger();

    public LowLatencyPlayback(Vertx vertx, StreamConfig config, ViewerTracker viewers) {
        this.vertx = vertx;
        this.config = config.playback();
        this.viewers = viewers;
    }

    /** Requests parked right now (all streams). */
    public int parked() {
        return parked.get();
    }

    /** @param m {@link PlaybackServer#PATH} matched against the request path */
    void handle(HttpServerRequest req, Matcher m, String channelArn, LlHlsStream source,
            HlsPackager.Renditions<LlHlsStream> renditions, List<Playlists.Variant> variants) {
        boolean shared = PlaybackAccess.shared(source.descriptor());
        String session = m.group(5);
        if (EdgeRequests.multivariant(m)) {
            LlHlsStream.Snapshot snap = source.snapshot();
            if (!snap.playable()) {
                EdgeRequests.text(req, 404, snap.ended() ? "channel is not live" : "stream is not playable yet");
                return;
            }
            viewers.seen(channelArn, EdgeRequests.viewer(req), System.currentTimeMillis());
            HttpCache.sendPlaylist(req, HttpCache.playlist(shared, 1), variants.isEmpty()
                    ? LlPlaylists.multivariant(snap, EdgeRequests.channelDir(m) + "/" + Playlists.SOURCE)
                    : Playlists.multivariant(LlPlaylists.VERSION, variants));
            return;
        }
        String name = EdgeRequests.rendition(m);
        LlHlsStream ll = renditions == null ? (Playlists.SOURCE_NAME.equals(name) ? source : null)
                : renditions.stream(name);
        if (ll == null) {
            EdgeRequests.text(req, 404, "no such rendition");
            return;
        }
        LlHlsStream.Snapshot snap = ll.snapshot();
        if (m.group(4) != null) {
            if (snap.segments().isEmpty()) {
                EdgeRequests.text(req, 404, "stream is not playable yet");
                return;
            }
            if (!snap.ended()) {
                viewers.seen(channelArn, EdgeRequests.viewer(req), System.currentTimeMillis());
            }
            mediaPlaylist(req, ll, snap, shared, reports(renditions, variants, name));
        } else if (m.group(10) != null) {
            byte[] init = snap.init(session);
            if (init == null) {
                EdgeRequests.text(req, 404, "init segment not available");
            } else {
                HttpCache.sendMedia(req, MP4, shared, session + ".init", session.equals(snap.session())
                        ? snap.initAtMs() : 0, init);
            }
        } else if (m.group(8) != null && m.group(9) == null) {
            segment(req, ll, snap, shared, session, Long.parseLong(m.group(8)));
        } else if (m.group(8) != null) {
            part(req, ll, snap, shared, session, Long.parseLong(m.group(8)), Integer.parseInt(m.group(9)));
        } else {
            EdgeRequests.text(req, 404, "this channel serves fMP4 (low latency) segments");
        }
    }

    /**
     * The other renditions of the (viewer's) multivariant playlist as rendition reports, made when the media
     * playlist is written; their media playlists are siblings of this one.
     */
    private static java.util.function.Supplier<List<LlPlaylists.Report>> reports(
            HlsPackager.Renditions<LlHlsStream> renditions, List<Playlists.Variant> variants, String name) {
        return () -> {
            List<LlPlaylists.Report> out = new java.util.ArrayList<>();
            for (Playlists.Variant v : variants) {
                String file = v.uri().substring(v.uri().lastIndexOf('/') + 1);
                String other = file.substring(0, file.length() - ".m3u8".length());
                LlHlsStream s = other.equals(name) ? null : renditions.stream(other);
                LlPlaylists.Report r = s == null ? null : LlPlaylists.Report.of(file, s.snapshot());
                if (r != null) {
                    out.add(r);
                }
            }
            return out;
        };
    }

    private void mediaPlaylist(HttpServerRequest req, LlHlsStream ll, LlHlsStream.Snapshot snap, boolean shared,
            java.util.function.Supplier<List<LlPlaylists.Report>> reports) {
        String msnParam = req.getParam("_HLS_msn");
        String partParam = req.getParam("_HLS_part");
        if (msnParam == null) {
            if (partParam != null) {
                EdgeRequests.text(req, 400, "_HLS_part needs _HLS_msn");
                return;
            }
            // a shared cache keeps it a second (half a part target, rounded up to what max-age can say)
            HttpCache.sendPlaylist(req, HttpCache.playlist(shared, 1), LlPlaylists.media(snap, ll.adMarkers(), reports.get()));
            return;
        }
        long msn;
        int part;
        try {
            msn = Long.parseLong(msnParam);
            part = partParam == null ? -1 : Integer.parseInt(partParam);
        } catch (NumberFormatException e) {
            EdgeRequests.text(req, 400, "_HLS_msn and _HLS_part must be integers");
            return;
        }
        if (msn < 0 || (partParam != null && part < 0)) {
            EdgeRequests.text(req, 400, "_HLS_msn and _HLS_part must not be negative");
            return;
        }
        // RFC 8216bis 6.2.5.2: more than two segments ahead of the playlist's last one is a bad request
        if (msn > snap.currentMsn() + 2) {
            EdgeRequests.text(req, 400, "_HLS_msn is more than two segments ahead of the playlist");
            return;
        }
        // a blocking reload's answer is keyed by its query: shared caches keep it six part targets (RFC 8216bis
        // 6.2.5.2 and Apple's LL-HLS guidance), so that one request per CDN node reaches the origin
        String cache = HttpCache.playlist(shared, Math.round(6 * snap.partTargetMs() / 1000.0));
        if (snap.reached(msn, part)) {
            HttpCache.sendPlaylist(req, cache, LlPlaylists.media(snap, ll.adMarkers(), reports.get()));
            return;
        }
        park(req, ll, msn, part, s -> HttpCache.sendPlaylist(req, cache, LlPlaylists.media(s, ll.adMarkers(), reports.get())));
    }

    private void segment(HttpServerRequest req, LlHlsStream ll, LlHlsStream.Snapshot snap, boolean shared,
            String session, long msn) {
        LlHlsStream.Segment seg = snap.segment(session, msn);
        if (seg != null) {
            sendSegment(req, shared, seg);
        } else if (msn == snap.currentMsn() && session.equals(snap.session()) && !snap.ended()) {
            // the segment being written: answered once it is finished
            park(req, ll, msn, -1, s -> {
                LlHlsStream.Segment done = s.segment(session, msn);
                if (done == null) {
                    EdgeRequests.text(req, 404, "segment not available");
                } else {
                    sendSegment(req, shared, done);
                }
            });
        } else {
            EdgeRequests.text(req, 404, "segment not available");
        }
    }

    private void part(HttpServerRequest req, LlHlsStream ll, LlHlsStream.Snapshot snap, boolean shared,
            String session, long msn, int index) {
        LlHlsStream.Part p = snap.part(session, msn, index);
        if (p != null) {
            sendPart(req, shared, session, p);
            return;
        }
        boolean hinted = (msn == snap.currentMsn() && index == snap.currentParts().size())
                || (msn == snap.currentMsn() + 1 && index == 0);
        if (!hinted || snap.reached(msn, index) || !session.equals(snap.session()) || snap.ended()) {
            EdgeRequests.text(req, 404, "part not available");
            return;
        }
        // the preload-hinted part: answered as soon as it is written (RFC 8216bis 6.2.6)
        park(req, ll, msn, index, s -> {
            LlHlsStream.Part done = s.part(session, msn, index);
            if (done == null) {
                EdgeRequests.text(req, 404, "part not available");
            } else {
                sendPart(req, shared, session, done);
            }
        });
    }

    private void sendSegment(HttpServerRequest req, boolean shared, LlHlsStream.Segment seg) {
        HttpCache.sendMedia(req, vertx, MP4, shared, seg.session() + "." + seg.msn(), seg.readyAtMs(), seg.bytes());
    }

    private static void sendPart(HttpServerRequest req, boolean shared, String session, LlHlsStream.Part p) {
        HttpCache.sendMedia(req, MP4, shared, session + "." + p.msn() + "." + p.index(), p.readyAtMs(), p.data());
    }

    /** Holds the request until the stream reaches (msn, part), then runs {@code answer} on the request's loop. */
    private void park(HttpServerRequest req, LlHlsStream ll, long msn, int part,
            Consumer<LlHlsStream.Snapshot> answer) {
        if (parked.incrementAndGet() > config.maxParkedRequests()) {
            parked.decrementAndGet();
            req.response().putHeader("Retry-After", "1");
            EdgeRequests.text(req, 503, "too many blocking requests; retry");
            return;
        }
        long timeoutMs = Math.max(1, Math.min(config.blockingReloadTimeout().toMillis(),
                3000L * ll.snapshot().targetDuration()));
        Parked p = new Parked(req, ll, msn, part, vertx.getOrCreateContext(), answer);
        p.timer = vertx.setTimer(timeoutMs, id -> p.complete(true));
        req.response().closeHandler(v -> p.abandon());
        ll.await(p);
    }

    private final class Parked implements LlHlsStream.Waiter {
        private final HttpServerRequest req;
        private volatile LlHlsStream ll;
        private final long msn;
        private final int part;
        private final Context context;
        private final Consumer<LlHlsStream.Snapshot> answer;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile long timer = -1;

        Parked(HttpServerRequest req, LlHlsStream ll, long msn, int part, Context context,
                Consumer<LlHlsStream.Snapshot> answer) {
            this.req = req;
            this.ll = ll;
            this.msn = msn;
            this.part = part;
            this.context = context;
            this.answer = answer;
        }

        @Override
        public long msn() {
            return msn;
        }

        @Override
        public int part() {
            return part;
        }

        /** Called by the stream (ingest event loop, or this one when already reached): answer on our loop. */
        @Override
        public void movedTo(LlHlsStream stream) {
            ll = stream;
        }

        @Override
        public void ready() {
            context.runOnContext(v -> complete(false));
        }

        void complete(boolean timedOut) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            parked.decrementAndGet();
            vertx.cancelTimer(timer);
            if (timedOut) {
                ll.cancel(this);
                req.response().putHeader("Retry-After", "1");
                EdgeRequests.text(req, 503, "the requested part did not appear in time");
            } else if (!req.response().closed()) {
                answer.accept(ll.snapshot());
            }
        }

        /** The client went away while parked. */
        void abandon() {
            if (done.compareAndSet(false, true)) {
                parked.decrementAndGet();
                vertx.cancelTimer(timer);
                ll.cancel(this);
            }
        }
    }
}
