package dev.openivs.stream.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openivs.aws.errors.AwsErrorShape;
import dev.openivs.aws.errors.AwsException;
import dev.openivs.aws.support.Ids;
import dev.openivs.events.context.SafeContext;
import dev.openivs.internal.recording.RecordingClient;
import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.media.MediaSink;
import dev.openivs.stream.media.MediaSinkFactory;
import dev.openivs.stream.media.StreamDescriptor;
import dev.openivs.stream.session.RecordingHandovers;
import dev.openivs.stream.session.StreamSessionService;
import dev.openivs.stream.transcode.Transcoder;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Records the streams of channels that have a recording configuration into its S3 bucket, laid out as IVS does
 * (see {@link RecordingLayout}): a media sink beside the live packager, so media bytes go from the ingest
 * connection straight to the store (never over Kafka). Each stream gets a {@link RecordingSink} that cuts MPEG-TS
 * segments of the source and of the transcoded renditions it records (one segmenter each, the packager's
 * {@link dev.openivs.stream.format.ts.TsSegmenter}); the {@link Recording} it feeds uploads them in order on worker
 * threads and emits the "IVS Recording State Change" events.
 */
@ApplicationScoped
public class Recorder implements MediaSinkFactory {
    private static final Logger LOG = Logger.getLogger(Recorder.class);
    private final S3Client s3;
    private final RecordingClient recordings;
    private final StreamSessionService sessions;
    private final RecordingHandovers handovers;
    private final Vertx vertx;
    private final ObjectMapper mapper;
    private final RecordingSettings settings;
    private final StreamConfig.Playback segmenting;
    private final Thumbnailer thumbnailer;
    private final Transcoder transcoder;
    private final UploadStats stats = new UploadStats();
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;
    private final ThreadPoolExecutor thumbnailWorkers;
    static final int MAX_PENDING_THUMBNAILS = 64;
    static final Duration STREAM_START_WAIT = Duration.ofSeconds(10);
    private final AtomicLong queuedBytes = new AtomicLong();
    private final ConcurrentHashMap<String, Recording> byChannel = new ConcurrentHashMap<>();

    public Recorder(S3Client s3, @RestClient RecordingClient recordings, StreamSessionService sessions,
            RecordingHandovers handovers, Vertx vertx, ObjectMapper mapper, RecordingSettings settings,
            StreamConfig config, Transcoder transcoder) {
        this.handovers = handovers;
        this.transcoder = transcoder;
        this.s3 = s3;
        this.recordings = recordings;
        this.sessions = sessions;
        this.vertx = vertx;
        this.mapper = mapper;
        this.settings = settings;
        this.segmenting = config.playback();
        this.thumbnailer = new Thumbnailer(settings.ffmpeg(), settings.thumbnailTimeout().toMillis());
        this.workers = Executors.newFixedThreadPool(Math.max(1, settings.uploadThreads()), threads("recording-upload"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(threads("recording-timer"));
        // one decoder at a time (each is an ffmpeg process); beyond the bound a thumbnail is skipped, never queued
        this.thumbnailWorkers = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(MAX_PENDING_THUMBNAILS), threads("recording-thumbnail"));
    }

    @Override
    public MediaSink open(StreamDescriptor stream) {
        String arn = stream.recordingConfigurationArn();
        if (!settings.enabled() || arn == null || arn.isEmpty()) {
            return null;
        }
        RecordingSink sink = new RecordingSink(this, stream, (int) segmenting.segmentTarget().toMillis(),
                segmenting.maxSegmentBytes());
        transcoder.subscribe(stream, sink.subscriber());
        Context ctx = Vertx.currentContext();
        recordings.get(arn, stream.account())
                .ifNoItem().after(Duration.ofSeconds(5)).fail()
                .subscribe().with(
                        rc -> on(ctx, () -> {
                            RecordingConfiguration cfg = RecordingConfiguration.of(rc);
                            if ("ACTIVE".equals(cfg.state())) {
                                sink.configured(cfg);
                            } else {
                                sink.unconfigured("ValidationException", cfg.bucket());
                            }
                        }),
                        e -> on(ctx, () -> {
                            LOG.warnf("recording configuration %s of %s not available: %s", arn, stream.streamId(),
                                    e.toString());
                            sink.unconfigured(e instanceof AwsException a
                                    && a.shape() == AwsErrorShape.ResourceNotFoundException ? "ValidationException"
                                    : "InternalServerException", "");
                        }));
        return sink;
    }

    private static void on(Context ctx, Runnable r) {
        if (ctx == null) {
            r.run();
        } else {
            ctx.runOnContext(v -> r.run());
        }
    }

    /** Upload delay behind live and thumbnail decode times measured so far. */
    public UploadStats stats() {
        return stats;
    }

    /** Whether a recording of the channel is in progress (or waiting for its reconnect window). */
    public boolean recording(String channelArn) {
        return byChannel.containsKey(channelArn);
    }

    /**
     * Finds the recording a new stream feeds, on a worker (it asks the database), and hands it to {@code then} on
     * the caller's context: the channel's recording waiting in its reconnect window (offered by this replica or by
     * another one, whose offer this stream then claims), or a new one.
     */
    void attach(StreamDescriptor stream, RecordingConfiguration config, MediaProperties media,
            List<RecordedRendition> renditions, Consumer<Recording> then) {
        Context ctx = Vertx.currentContext();
        workers.execute(() -> {
            Recording r = attach(stream, config, media, renditions);
            on(ctx, () -> then.accept(r));
        });
    }

    private Recording attach(StreamDescriptor stream, RecordingConfiguration config, MediaProperties media,
            List<RecordedRendition> renditions) {
        Instant now = Instant.now();
        RecordingHandovers.Offer offer = null;
        RecordingState state = null;
        try {
            offer = await(() -> handovers.open(stream.channelArn(), now));
            state = offer == null ? null : mapper.readValue(offer.recording(), RecordingState.class);
        } catch (Exception e) {
            LOG.warnf("recording handover of %s not readable: %s", stream.channelArn(), e.toString());
        }
        boolean claimed = false;
        if (state != null && state.continuableBy(config, media, now)) {
            String token = offer.token();
            try {
                claimed = await(() -> handovers.claim(stream.channelArn(), token, now));
            } catch (RuntimeException e) {
                LOG.warnf("recording handover of %s not claimed: %s", stream.channelArn(), e.toString());
            }
        }
        synchronized (this) {
            Recording local = byChannel.get(stream.channelArn());
            if (local != null && local.resume(stream.streamId(), config, media, now, claimed ? offer.token() : null)) {
                return local;
            }
            if (claimed) {
                // offered by another replica (or by a recording of this one whose window just elapsed: it hands over)
                Recording r = new Recording(this, stream.channelArn(), stream.channelName(), stream.streamId(),
                        config, state, offer.token());
                byChannel.put(stream.channelArn(), r);
                LOG.infof("stream %s continues recording %s of replica %s (reconnect window)", stream.streamId(),
                        r.prefix, offer.ownerInstance());
                return r;
            }
            if (local != null) {
                local.endNow();
            }
            Recording r = new Recording(this, stream.account(), stream.channelArn(), stream.channelName(),
                    stream.streamId(), config, media, renditions, now);
            byChannel.put(stream.channelArn(), r);
            r.begin();
            return r;
        }
    }

    /** Offers a recording waiting in its reconnect window to every replica (blocking, on a worker). */
    void offer(String channelArn, String token, Instant windowEnds, RecordingState state) throws Exception {
        String json = mapper.writeValueAsString(state);
        await(() -> handovers.offer(channelArn, token, windowEnds, json));
    }

    /** The window ended: true if the offer was still open (this replica finishes the recording). */
    boolean closeOffer(String channelArn, String token) {
        try {
            return await(() -> handovers.close(channelArn, token));
        } catch (RuntimeException e) {
            LOG.warnf("recording handover of %s not closed (the recording ends here): %s", channelArn, e.toString());
            return true;
        }
    }

    /** Best effort: the offer is no longer wanted. */
    void withdraw(String channelArn, String token) {
        try {
            await(() -> handovers.withdraw(channelArn, token));
        } catch (RuntimeException e) {
            LOG.infof("recording handover of %s not withdrawn: %s", channelArn, e.toString());
        }
    }

    private <T> T await(Supplier<Uni<T>> work) {
        return SafeContext.on(vertx, work).await().atMost(Duration.ofSeconds(10));
    }

    /**
     * Forgets the channel's recording without ending it: it still runs its reconnect window, as a recording of
     * another replica's process would (tests: two replicas' recorders in one process).
     */
    void detach(String channelArn) {
        byChannel.remove(channelArn);
    }

    void windowElapsed(Recording r) {
        r.windowElapsed();
    }

    void forget(Recording r) {
        byChannel.remove(r.channelArn, r);
    }

    /** The stream cannot be recorded (configuration missing, failed, or unreachable): Recording Start Failure. */
    void startFailure(StreamDescriptor stream, String reason, String bucket) {
        workers.execute(() -> event(stream.streamId(), detail(stream.channelName(), stream.streamId(),
                "Recording Start Failure", reason, bucket, "", 0, Ids.alnum(16), null), true));
    }

    UploadQueue queue(String name, Consumer<String> onGiveUp) {
        return new UploadQueue(name, workers, scheduler, settings, queuedBytes, onGiveUp);
    }

    void put(String bucket, String key, byte[] body, String contentType) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).contentLength((long) body.length),
                RequestBody.fromBytes(body));
    }

    /** Writes the event (outbox + truncatedEvents) and waits for the commit; blocking, on a worker. */
    void event(String streamId, Map<String, Object> detail, boolean failure) {
        if ("Recording Start".equals(detail.get("recording_status"))) {
            awaitStreamStart(streamId);
        }
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        SafeContext.on(vertx, () -> sessions.recordingStateChanged(streamId, detail, failure, at))
                .await().atMost(Duration.ofSeconds(20));
    }

    /**
     * Recording Start follows the session's Stream Start, as IVS orders them: both come from the first keyframe, in
     * separate transactions, so the recording (on a worker, before its first event) waits until Stream Start is
     * committed, at most {@link #STREAM_START_WAIT}.
     */
    private void awaitStreamStart(String streamId) {
        long deadline = System.nanoTime() + STREAM_START_WAIT.toNanos();
        try {
            while (!SafeContext.on(vertx, () -> sessions.hasStreamStart(streamId)).await().atMost(Duration.ofSeconds(5))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debugf("Stream Start of %s not checked: %s", streamId, e.toString());
        }
    }

    /** The detail of "IVS Recording State Change", fields in the order of the AWS documentation's example. */
    Map<String, Object> detail(String channelName, String streamId, String status, String reason, String bucket,
            String prefix, long durationMs, String sessionId, List<String> streamIds) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("channel_name", channelName);
        d.put("stream_id", streamId);
        d.put("recording_status", status);
        d.put("recording_status_reason", reason);
        d.put("recording_s3_bucket_name", bucket);
        d.put("recording_s3_key_prefix", prefix);
        d.put("recording_duration_ms", durationMs);
        d.put("recording_session_id", sessionId);
        if (streamIds != null) {
            d.put("recording_session_stream_ids", streamIds);
        }
        return d;
    }

    S3Client s3() {
        return s3;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    Thumbnailer thumbnailer() {
        return thumbnailer;
    }

    Executor thumbnailWorkers() {
        return thumbnailWorkers;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @PreDestroy
    void close() {
        scheduler.shutdownNow();
        thumbnailWorkers.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
