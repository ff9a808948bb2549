package dev.openivs.stream.recording;

import dev.openivs.aws.support.Ids;
import dev.openivs.stream.hls.AdMarkers;
import dev.openivs.stream.hls.Playlists;
import dev.openivs.stream.media.AdBreak;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One recording: a key prefix and recording session in the configured bucket, fed by one stream or, within the
 * reconnect window, by several consecutive streams of a channel with the same media properties. It stores the
 * renditions its configuration selects ({@link RenditionSelection}), each a {@link RecordedRendition}; its duration
 * and thumbnails follow the source. Its segments, playlists, thumbnails, metadata files and "IVS Recording State
 * Change" events go through one {@link UploadQueue}, so they happen in order. Called from the feeding stream's event loop (state changes are synchronized); the
 * blocking work runs on the recorder's workers.
 */
final class Recording {
    private static final Logger LOG = Logger.getLogger(Recording.class);
    /** Ad breaks marked in one rendition's playlists (one every 30 s for 48 h is 5,760). */
    static final int MAX_AD_BREAKS = 10_000;

    final String channelArn;
    final RecordingConfiguration config;
    final MediaProperties media;
    final String sessionId;
    final Instant startedAt;
    final String prefix;
    private final Recorder recorder;
    private final String channelName;
    private final UploadQueue queue;
    /** The recorded renditions by name, highest first. */
    private final Map<String, RecordedRendition> renditions = new LinkedHashMap<>();
    private int stream;
    private final List<String> streamIds = new ArrayList<>();
    private String streamId;
    private long durationMs;
    private long nextThumbnailMs;
    private int thumbnails;
    private CompletableFuture<Void> thumbnailsDone = CompletableFuture.completedFuture(null);
    private boolean waiting;
    private boolean endAtOnce;
    private boolean finished;
    private boolean failed;
    private volatile boolean startAnnounced;
    private Instant lastEnd;
    private ScheduledFuture<?> windowTimer;
    /** The current handover offer (while waiting in the window), and whether the database has it. */
    private String offerToken;
    private boolean offered;
    /** The offer this replica claimed to continue the recording (withdrawn when it ends). */
    private final String claimedToken;

    Recording(Recorder recorder, String account, String channelArn, String channelName, String streamId,
            RecordingConfiguration config, MediaProperties media, List<RecordedRendition> renditions, Instant startedAt) {
        this(recorder, channelArn, channelName, streamId, config, new RecordingState(
                RecordingLayout.prefix(account, channelArn, startedAt, Ids.alnum(12)), Ids.alnum(16), startedAt,
                config.arn(), config.bucket(), media, renditions.stream().map(RecordedRendition::state).toList(), 0,
                List.of(), 0, 0), null);
    }

    /**
     * A recording continued from {@code state}: a new one (nothing stored yet), or one that another stream recorded
     * (on this replica or another) and whose handover offer {@code claimedToken} this stream claimed.
     */
    Recording(Recorder recorder, String channelArn, String channelName, String streamId,
            RecordingConfiguration config, RecordingState state, String claimedToken) {
        this.recorder = recorder;
        this.channelArn = channelArn;
        this.channelName = channelName;
        this.config = config;
        this.media = state.media();
        this.startedAt = state.startedAt();
        this.prefix = state.prefix();
        this.sessionId = state.sessionId();
        state.renditions().forEach(r -> this.renditions.put(r.rendition().name(), new RecordedRendition(r)));
        this.durationMs = state.durationMs();
        this.streamIds.addAll(state.streamIds());
        this.thumbnails = state.thumbnails();
        this.nextThumbnailMs = state.nextThumbnailMs();
        this.claimedToken = claimedToken;
        this.streamId = streamId;
        this.streamIds.add(streamId);
        if (claimedToken != null) {
            // already announced and stored by the stream before: each rendition's next segment follows a
            // discontinuity (its segments so far are of stream 0)
            this.startAnnounced = true;
            this.stream = 1;
        }
        this.queue = recorder.queue("recording " + prefix, this::gaveUp);
    }

    /** What another stream (on any replica) needs to continue this recording. */
    private synchronized RecordingState state() {
        return new RecordingState(prefix, sessionId, startedAt, config.arn(), config.bucket(), media,
                renditions.values().stream().map(RecordedRendition::state).toList(), durationMs, List.copyOf(streamIds),
                thumbnails,
                nextThumbnailMs);
    }

    /** Checks the bucket, announces Recording Start and writes recording-started.json. */
    void begin() {
        queue.submit(new UploadQueue.Task("start", 0, true, () -> {
            try {
                recorder.s3().headBucket(b -> b.bucket(config.bucket()));
            } catch (S3Exception e) {
                if (e.statusCode() >= 500) {
                    throw e; // the store's trouble: retried
                }
                LOG.warnf("recording of %s not started: bucket '%s' answered HTTP %d", channelArn, config.bucket(),
                        e.statusCode());
                synchronized (this) {
                    failed = true;
                }
                queue.abandon();
                recorder.forget(this);
                recorder.event(streamId, recorder.detail(channelName, streamId, "Recording Start Failure",
                        "ValidationException", config.bucket(), "", 0, sessionId, null), true);
                return;
            }
            recorder.event(streamId, detail("Recording Start", "", 0, false), false);
            startAnnounced = true;
            put(RecordingLayout.STARTED, json(null, false, 0), "application/json");
            LOG.infof("recording %s of channel %s started (stream %s)", prefix, channelArn, streamId);
        }));
    }

    /** Whether the recording stores this rendition. */
    synchronized boolean records(String rendition) {
        return renditions.containsKey(rendition);
    }

    /**
     * InsertAdBreak while this recording is fed: each recorded rendition marks it from the segment it is writing (the
     * next one {@link #renditionSegment} receives for it), as the live NORMAL playlists do.
     */
    synchronized void adBreak(AdBreak adBreak) {
        if (!finished && !failed) {
            renditions.values().forEach(r -> r.adBreak(adBreak));
        }
    }

    /**
     * A finished segment of a recorded rendition of the current stream ({@code closedAt}: System.nanoTime() when it
     * was cut): stored, with its rendition's playlists (and the multivariant ones when it is the rendition's first).
     */
    synchronized void renditionSegment(String name, byte[] data, byte[] init, long durationMs, String codecs,
            long closedAt, Instant programDateTime) {
        RecordedRendition r = renditions.get(name);
        if (finished || failed || r == null) {
            return;
        }
        boolean newInit = r.takesInit(init);
        RecordedPlaylists.Segment seg = r.add(data, durationMs, codecs, stream, programDateTime);
        List<RecordedPlaylists.Segment> list = r.segments();
        List<AdMarkers.Marker> breaks = r.adBreaks();
        int version = r.playlistVersion();
        boolean first = list.size() == 1; // one more rendition to list in the multivariant playlists
        List<Playlists.Variant> masters = first ? entries(RecordingLayout.PLAYLIST) : null;
        List<Playlists.Variant> byteRangeMasters = first ? entries(RecordingLayout.BYTE_RANGE_PLAYLIST) : null;
        if (newInit) {
            String key = r.playlistKey(seg.init());
            queue.submit(new UploadQueue.Task("init " + name + "/" + seg.index(), init.length, true,
                    () -> put(key, init, "video/mp4")));
        }
        queue.submit(new UploadQueue.Task("segment " + name + "/" + seg.index(), data.length, true, () -> {
            put(r.segmentKey(seg.index()), data, r.contentType());
            recorder.stats().segmentStored(System.nanoTime() - closedAt);
        }));
        queue.submit(new UploadQueue.Task("playlists " + name, 0, true, () -> {
            if (version == currentPlaylistVersion(r)) { // else a newer one is queued behind (uploads behind live)
                putVariants(r, list, breaks, false);
            }
            if (masters != null) {
                putMasters(masters, byteRangeMasters);
            }
        }));
    }

    /**
     * A finished segment of the source of the current stream (recorded or not: the recording's duration and its
     * thumbnails follow the source).
     */
    synchronized void sourceSegment(byte[] ts, byte[] init, long durationMs) {
        if (finished || failed) {
            return;
        }
        long at = this.durationMs;
        this.durationMs += durationMs;
        if (config.thumbnails() && at >= nextThumbnailMs) {
            int n = thumbnails++;
            while (nextThumbnailMs <= at) {
                nextThumbnailMs += config.thumbnailIntervalSeconds() * 1000L;
            }
            // decoded beside the uploads (not in their queue), then stored in order with them; the end waits for it
            CompletableFuture<Void> made;
            try {
                byte[] decodable = init == null ? ts : concat(init, ts); // fMP4: the fragment after its init
                made = CompletableFuture.supplyAsync(() -> thumbnail(decodable), recorder.thumbnailWorkers())
                        .thenAccept(jpeg -> {
                            if (jpeg != null) {
                                queue.submit(new UploadQueue.Task("thumbnail " + n, jpeg.length, true, () -> {
                                    if (config.sequentialThumbnails()) {
                                        put(RecordingLayout.sequentialThumbnailKey(n), jpeg, "image/jpeg");
                                    }
                                    if (config.latestThumbnail()) {
                                        put(RecordingLayout.LATEST_THUMBNAIL, jpeg, "image/jpeg");
                                    }
                                }));
                            }
                        });
            } catch (RejectedExecutionException e) {
                LOG.warnf("recording %s: thumbnail %d skipped, the decoder is %d thumbnails behind", prefix, n,
                        Recorder.MAX_PENDING_THUMBNAILS);
                made = CompletableFuture.completedFuture(null);
            }
            thumbnailsDone = CompletableFuture.allOf(thumbnailsDone, made.exceptionally(e -> null));
        }
    }

    /** The feeding stream ended: the recording ends now, or after the reconnect window unless a stream resumes it. */
    synchronized void streamEnded(Instant at) {
        if (finished || failed) {
            return;
        }
        lastEnd = at;
        if (config.reconnectWindowSeconds() <= 0 || endAtOnce) {
            finish();
            return;
        }
        waiting = true;
        String token = Ids.alnum(16);
        offerToken = token;
        offered = false;
        Instant windowEnds = at.plusSeconds(config.reconnectWindowSeconds());
        windowTimer = recorder.scheduler().schedule(() -> recorder.windowElapsed(this),
                config.reconnectWindowSeconds(), TimeUnit.SECONDS);
        // behind this stream's uploads: a replica that continues the recording finds every segment stored
        queue.submit(new UploadQueue.Task("handover offer", 0, false, () -> offer(token, windowEnds)));
    }

    /** Offers the waiting recording to a reconnect on any replica (best effort: without it, only this one). */
    private void offer(String token, Instant windowEnds) throws Exception {
        RecordingState state;
        synchronized (this) {
            if (!waiting || !token.equals(offerToken)) {
                return; // resumed here already, or ended
            }
            state = state();
        }
        recorder.offer(channelArn, token, windowEnds, state);
        synchronized (this) {
            offered = token.equals(offerToken);
        }
    }

    /**
     * A new stream of this replica continues this recording when it is inside the window and mergeable. With
     * {@code claimed} null, only while the database has no offer of it (not written yet, or not writable): an
     * offered recording is continued only by claiming the offer, which {@code claimed} names.
     */
    synchronized boolean resume(String newStreamId, RecordingConfiguration cfg, MediaProperties props, Instant now,
            String claimed) {
        if (!waiting || finished || failed || (claimed == null ? offered : !claimed.equals(offerToken))
                || !RecordingState.continuable(config.arn(), config.bucket(), media, streamIds.size(), startedAt, cfg,
                        props, now)) {
            return false;
        }
        if (windowTimer != null && !windowTimer.cancel(false)) {
            return false; // the window just elapsed
        }
        waiting = false;
        stream++; // each rendition's next segment is a discontinuity
        streamId = newStreamId;
        streamIds.add(newStreamId);
        String token = offerToken;
        offerToken = null;
        offered = false;
        // an offer written (or being written) before the resume is withdrawn behind it
        queue.submit(new UploadQueue.Task("handover withdraw", 0, false, () -> recorder.withdraw(channelArn, token)));
        LOG.infof("stream %s continues recording %s (reconnect window)", newStreamId, prefix);
        return true;
    }

    /** Another recording replaces this one: end it now (or as soon as its stream ends). */
    synchronized void endNow() {
        if (waiting) {
            if (windowTimer != null) {
                windowTimer.cancel(false);
            }
            windowElapsed();
        } else {
            endAtOnce = true;
        }
    }

    /**
     * The window ended without a reconnect here: the recording ends, unless a stream on another replica claimed
     * its offer, which then continues it (this replica hands over: no final playlists, no recording-ended.json, no
     * Recording End from here).
     */
    synchronized void windowElapsed() {
        if (!waiting) {
            return;
        }
        waiting = false;
        String token = offerToken;
        offerToken = null;
        // behind the offer in the queue, so it is decided whether the database has it
        queue.submit(new UploadQueue.Task("handover close", 0, false, () -> {
            boolean wasOffered;
            synchronized (this) {
                wasOffered = offered;
                offered = false;
            }
            if (!wasOffered || recorder.closeOffer(channelArn, token)) {
                synchronized (this) {
                    finish();
                }
            } else {
                handedOver();
            }
        }));
    }

    private void handedOver() {
        synchronized (this) {
            if (finished || failed) {
                return;
            }
            finished = true;
        }
        recorder.forget(this);
        LOG.infof("recording %s handed over: a stream on another replica continues it", prefix);
    }

    synchronized boolean ended() {
        return finished || failed;
    }

    private void finish() {
        if (finished || failed) {
            return;
        }
        finished = true;
        waiting = false;
        Map<RecordedRendition, List<RecordedPlaylists.Segment>> lists = new LinkedHashMap<>();
        renditions.values().forEach(r -> lists.put(r, r.segments()));
        List<Playlists.Variant> masters = entries(RecordingLayout.PLAYLIST);
        List<Playlists.Variant> byteRangeMasters = entries(RecordingLayout.BYTE_RANGE_PLAYLIST);
        long duration = durationMs;
        List<String> ids = List.copyOf(streamIds);
        String last = streamId;
        Instant endedAt = lastEnd == null ? Instant.now() : lastEnd;
        thumbnailsDone.whenComplete((v, e) -> finishUploads(lists, masters, byteRangeMasters, duration,
                ids, last, endedAt));
    }

    private synchronized int currentPlaylistVersion(RecordedRendition r) {
        return r.playlistVersion();
    }

    /** The multivariant entries of the renditions that have segments, pointing at their {@code playlist}. */
    private List<Playlists.Variant> entries(String playlist) {
        return renditions.values().stream().filter(RecordedRendition::hasSegments).map(r -> r.entry(playlist))
                .toList();
    }

    /** After the last thumbnail was decoded (and queued): final playlists, recording-ended.json, Recording End. */
    private void finishUploads(Map<RecordedRendition, List<RecordedPlaylists.Segment>> lists,
            List<Playlists.Variant> masters, List<Playlists.Variant> byteRangeMasters, long duration, List<String> ids,
            String last, Instant endedAt) {
        queue.submit(new UploadQueue.Task("end", 0, true, () -> {
            lists.forEach((r, list) -> {
                if (!list.isEmpty()) {
                    putVariants(r, list, r.adBreaks(), true); // finished: its breaks change no more
                }
            });
            if (!masters.isEmpty()) {
                putMasters(masters, byteRangeMasters);
            }
            put(RecordingLayout.ENDED, json(endedAt, false, duration), "application/json");
        }));
        queue.submit(new UploadQueue.Task("Recording End", 0, true, () -> {
            Map<String, Object> d = recorder.detail(channelName, last, "Recording End", "", config.bucket(), prefix,
                    duration, sessionId, ids);
            recorder.event(last, d, false);
            recorder.forget(this);
            if (claimedToken != null) {
                recorder.withdraw(channelArn, claimedToken);
            }
            LOG.infof("recording %s ended: renditions %s, %d ms, %d stream(s); upload delay %s", prefix,
                    lists.keySet().stream().map(RecordedRendition::name).toList(), duration, ids.size(),
                    recorder.stats().uploadDelay());
        }));
    }

    /** The store is gone for good (or the queue overflowed): Recording End Failure (Start Failure before Start). */
    private void gaveUp(String reason) {
        String last;
        String offer;
        synchronized (this) {
            if (failed) {
                return;
            }
            failed = true;
            waiting = false;
            if (windowTimer != null) {
                windowTimer.cancel(false);
            }
            last = streamId;
            offer = offered ? offerToken : null;
            offerToken = null;
        }
        recorder.forget(this);
        if (offer != null) {
            recorder.withdraw(channelArn, offer); // a failed recording is continued by nobody
        }
        LOG.warnf("recording %s failed: %s", prefix, reason);
        if (!startAnnounced) {
            recorder.event(last, recorder.detail(channelName, last, "Recording Start Failure",
                    "InternalServerException", config.bucket(), "", 0, sessionId, null), true);
            return;
        }
        try {
            put(RecordingLayout.FAILED, json(Instant.now(), true, durationSoFar()), "application/json");
        } catch (RuntimeException e) {
            LOG.infof("recording %s: recording-failed.json not written either: %s", prefix, e.toString());
        }
        recorder.event(last, detail("Recording End Failure", "InternalServerException", 0, false), true);
    }

    private synchronized long durationSoFar() {
        return durationMs;
    }

    private Map<String, Object> detail(String status, String reason, long duration, boolean withStreams) {
        List<String> ids;
        String last;
        synchronized (this) {
            ids = List.copyOf(streamIds);
            last = streamId;
        }
        return recorder.detail(channelName, last, status, reason, config.bucket(), prefix, duration, sessionId,
                withStreams ? ids : null);
    }

    private byte[] json(Instant ended, boolean failure, long duration) {
        List<RecordedRendition> recorded;
        synchronized (this) {
            recorded = List.copyOf(renditions.values());
        }
        return RecordingLayout.metadata(recorder.mapper(), channelArn, config, startedAt, ended, failure, duration,
                media, recorded).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private byte[] thumbnail(byte[] ts) {
        int h = RecordingLayout.thumbnailHeight(config.thumbnailResolution(), media.height());
        int w = RecordingLayout.scaledWidth(h, media.width(), media.height());
        long t0 = System.nanoTime();
        try {
            byte[] jpeg = recorder.thumbnailer().jpeg(ts, h == media.height() ? 0 : w, h == media.height() ? 0 : h);
            recorder.stats().thumbnailMade(System.nanoTime() - t0);
            return jpeg;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warnf("recording %s: thumbnail not made: %s", prefix, e.toString());
            return null;
        }
    }

    private void putVariants(RecordedRendition r, List<RecordedPlaylists.Segment> list,
            List<AdMarkers.Marker> breaks, boolean ended) {
        put(r.playlistKey(RecordingLayout.PLAYLIST), utf8(RecordedPlaylists.variant(list, breaks, ended, false)),
                M3U8);
        put(r.playlistKey(RecordingLayout.BYTE_RANGE_PLAYLIST),
                utf8(RecordedPlaylists.variant(list, breaks, ended, true)), M3U8);
    }

    private void putMasters(List<Playlists.Variant> masters, List<Playlists.Variant> byteRangeMasters) {
        put(RecordingLayout.HLS + "/" + RecordingLayout.MASTER, utf8(RecordedPlaylists.master(masters)), M3U8);
        put(RecordingLayout.HLS + "/" + RecordingLayout.BYTE_RANGE_MASTER,
                utf8(RecordedPlaylists.master(byteRangeMasters)), M3U8);
    }

    private static final String M3U8 = "application/x-mpegURL";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void put(String key, byte[] body, String contentType) {
        recorder.put(config.bucket(), prefix + "/" + key, body, contentType);
    }
}
