package dev.openivs.stream.playback;

import dev.openivs.stream.config.StreamConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
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
 * {channel}/{streamId}/source.m3u8         media playlist; _HLS_msn=M[&amp;_HLS_part=P] blocks until that part exists
 * {channel}/{streamId}/source-init.mp4     init segment (EXT-X-MAP)
 * {channel}/{streamId}/source-M.m4s        segment M
 * {channel}/{streamId}/source-M.P.m4s      part P of segment M (the preload-hinted part blocks until it exists)
 * </pre>
 *
 * Blocking requests never block an event loop: they are parked on the stream and answered on their own event loop
 * when the part is published, or with 503 when a timer fires first (the bounded wait); parked requests are capped.
 */
@ApplicationScoped
public class LowLatencyPlayback {
    private static final String M3U8 = "application/vnd.apple.mpegurl";
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
    void handle(HttpServerRequest req, Matcher m, String channelArn, LlHlsStream ll) {
        LlHlsStream.Snapshot snap = ll.snapshot();
        if (!snap.playable()) {
            PlaybackServer.text(req, 404, "stream is not playable yet");
            return;
        }
        String streamId = ll.descriptor().streamId();
        if (m.group(4) == null) {
            viewers.seen(channelArn, PlaybackServer.viewer(req), System.currentTimeMillis());
            String channelDir = m.group(1) + "." + m.group(2) + ".channel." + m.group(3);
            PlaybackServer.send(req, 200, M3U8, "no-cache", Buffer.buffer(LlPlaylists.multivariant(snap,
                    channelDir + "/" + streamId + "/" + Playlists.SOURCE)));
            return;
        }
        if (!m.group(4).equals(streamId)) {
            PlaybackServer.text(req, 404, "stream session has ended");
            return;
        }
        if (m.group(5) != null) {
            viewers.seen(channelArn, PlaybackServer.viewer(req), System.currentTimeMillis());
            mediaPlaylist(req, ll, snap);
        } else if (m.group(9) != null) {
            PlaybackServer.send(req, 200, MP4, "max-age=" + cacheSeconds(snap), Buffer.buffer(snap.init()));
        } else if (m.group(7) != null && m.group(8) == null) {
            segment(req, ll, snap, Long.parseLong(m.group(7)));
        } else if (m.group(7) != null) {
            part(req, ll, snap, Long.parseLong(m.group(7)), Integer.parseInt(m.group(8)));
        } else {
            PlaybackServer.text(req, 404, "this channel serves fMP4 (low latency) segments");
        }
    }

    private void mediaPlaylist(HttpServerRequest req, LlHlsStream ll, LlHlsStream.Snapshot snap) {
        String msnParam = req.getParam("_HLS_msn");
        String partParam = req.getParam("_HLS_part");
        if (msnParam == null) {
            if (partParam != null) {
                PlaybackServer.text(req, 400, "_HLS_part needs _HLS_msn");
                return;
            }
            sendPlaylist(req, snap);
            return;
        }
        long msn;
        int part;
        try {
            msn = Long.parseLong(msnParam);
            part = partParam == null ? -1 : Integer.parseInt(partParam);
        } catch (NumberFormatException e) {
            PlaybackServer.text(req, 400, "_HLS_msn and _HLS_part must be integers");
            return;
        }
        if (msn < 0 || (partParam != null && part < 0)) {
            PlaybackServer.text(req, 400, "_HLS_msn and _HLS_part must not be negative");
            return;
        }
        // RFC 8216bis 6.2.5.2: more than two segments ahead of the playlist's last one is a bad request
        if (msn > snap.currentMsn() + 2) {
            PlaybackServer.text(req, 400, "_HLS_msn is more than two segments ahead of the playlist");
            return;
        }
        if (snap.reached(msn, part)) {
            sendPlaylist(req, snap);
            return;
        }
        park(req, ll, msn, part, s -> sendPlaylist(req, s));
    }

    private void segment(HttpServerRequest req, LlHlsStream ll, LlHlsStream.Snapshot snap, long msn) {
        LlHlsStream.Segment seg = snap.segment(msn);
        if (seg != null) {
            PlaybackServer.send(req, 200, MP4, "max-age=" + cacheSeconds(snap), Buffer.buffer(seg.data()));
        } else if (msn == snap.currentMsn()) {
            // the segment being written: answered once it is finished
            park(req, ll, msn, -1, s -> {
                LlHlsStream.Segment done = s.segment(msn);
                if (done == null) {
                    PlaybackServer.text(req, 404, "segment not available");
                } else {
                    PlaybackServer.send(req, 200, MP4, "max-age=" + cacheSeconds(s), Buffer.buffer(done.data()));
                }
            });
        } else {
            PlaybackServer.text(req, 404, "segment not available");
        }
    }

    private void part(HttpServerRequest req, LlHlsStream ll, LlHlsStream.Snapshot snap, long msn, int index) {
        LlHlsStream.Part p = snap.part(msn, index);
        if (p != null) {
            PlaybackServer.send(req, 200, MP4, "max-age=" + cacheSeconds(snap), Buffer.buffer(p.data()));
            return;
        }
        boolean hinted = (msn == snap.currentMsn() && index == snap.currentParts().size())
                || (msn == snap.currentMsn() + 1 && index == 0);
        if (!hinted || snap.reached(msn, index)) {
            PlaybackServer.text(req, 404, "part not available");
            return;
        }
        // the preload-hinted part: answered as soon as it is written (RFC 8216bis 6.2.6)
        park(req, ll, msn, index, s -> {
            LlHlsStream.Part done = s.part(msn, index);
            if (done == null) {
                PlaybackServer.text(req, 404, "part not available");
            } else {
                PlaybackServer.send(req, 200, MP4, "max-age=" + cacheSeconds(s), Buffer.buffer(done.data()));
            }
        });
    }

    private static void sendPlaylist(HttpServerRequest req, LlHlsStream.Snapshot snap) {
        if (snap.ended()) {
            PlaybackServer.text(req, 404, "stream has ended");
            return;
        }
        PlaybackServer.send(req, 200, M3U8, "no-cache", Buffer.buffer(LlPlaylists.media(snap)));
    }

    private static long cacheSeconds(LlHlsStream.Snapshot snap) {
        return Math.max(1, snap.targetDuration() * 3L);
    }

    /** Holds the request until the stream reaches (msn, part), then runs {@code answer} on the request's loop. */
    private void park(HttpServerRequest req, LlHlsStream ll, long msn, int part,
            Consumer<LlHlsStream.Snapshot> answer) {
        if (parked.incrementAndGet() > config.maxParkedRequests()) {
            parked.decrementAndGet();
            req.response().putHeader("Retry-After", "1");
            PlaybackServer.text(req, 503, "too many blocking requests; retry");
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
        private final LlHlsStream ll;
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
                PlaybackServer.text(req, 503, "the requested part did not appear in time");
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
