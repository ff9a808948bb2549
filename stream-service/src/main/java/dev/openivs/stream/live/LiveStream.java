package dev.openivs.stream.live;

import dev.openivs.stream.format.ts.TsDemuxer;
import dev.openivs.stream.mapping.IngestConfiguration;
import dev.openivs.stream.media.AacConfig;
import dev.openivs.stream.media.AdBreak;
import dev.openivs.stream.media.AudioFrame;
import dev.openivs.stream.media.AvcConfig;
import dev.openivs.stream.media.FlvDemuxer;
import dev.openivs.stream.media.MediaSink;
import dev.openivs.stream.media.StreamDescriptor;
import dev.openivs.stream.media.VideoConfig;
import dev.openivs.stream.media.VideoFrame;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One live stream held by this replica: the tee between the ingest connection and the media sinks, plus what the
 * stream's health, limits and ingest configuration are computed from. Media callbacks arrive on the connection's
 * event loop; fields read by other threads (API, registry) are volatile snapshots.
 */
public final class LiveStream implements MediaSink {
    private static final Logger LOG = Logger.getLogger(LiveStream.class);

    /** What the ingest service is told about, on the connection's event loop. */
    public interface Listener {
        void streamStarted(LiveStream stream);

        void configurationChanged(LiveStream stream);

        /** The input is one IVS does not accept (audio-only); the stream is to be failed and ended. */
        void unsupportedInput(LiveStream stream, String reason);
    }

    /** What the encoder and the Stream Failure event are told when the input has audio but no video. */
    public static final String AUDIO_ONLY = "Audio-only input is not supported. Please send video.";
    /** Media time of audio without any video after which a publish is taken as audio-only. */
    static final long AUDIO_ONLY_AFTER_MS = 3_000;

    private final StreamDescriptor descriptor;
    private final String transport;
    private final IngestConnection connection;
    private final IngestStats stats;
    private final FlvDemuxer demuxer = new FlvDemuxer(this);
    /** MPEG-TS input (SRT), created at the first bytes; its output is counted, then handled as RTMP's is. */
    private TsDemuxer tsDemuxer;
    private long tsArrivedAt;
    private final long publishedAtMillis;
    private final List<MediaSink> sinks = new CopyOnWriteArrayList<>();
    private final Deque<TimedMetadata> timedMetadata = new ArrayDeque<>();
    private final int keepMetadata;
    private final Set<String> reportedBreaches = new HashSet<>();
    private Listener listener;
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private long timerId = -1;

    private Map<String, Object> metadata;
    private VideoConfig avc;
    private AacConfig aac;
    private volatile IngestConfiguration ingestConfiguration = new IngestConfiguration(null, null);
    private volatile String health = StreamHealth.UNKNOWN;
    private volatile boolean started;
    private volatile boolean ended;
    private boolean videoSeen;
    /** The further video tracks of a multitrack publish, by track id. */
    private final java.util.TreeMap<Integer, Track> tracks = new java.util.TreeMap<>();
    /** The IVS code the session ends with when multitrack rules refused the input (Session Ended {@code code}). */
    private volatile String endCode;
    private boolean refused;
    private long firstAudioTimestamp = -1;

    /** A further video track: its configuration and what its frames measure (frame rate, bitrate). */
    private static final class Track {
        VideoConfig config;
        long firstDts = -1;
        long lastDts;
        long frames;
        long bytes;

        double fps() {
            return frames > 1 && lastDts > firstDts ? (frames - 1) * 1000.0 / (lastDts - firstDts) : 0;
        }

        long bitrate() {
            return frames > 1 && lastDts > firstDts ? bytes * 8000 / (lastDts - firstDts) : 0;
        }
    }

    /** Multitrack end codes (MEDIA-PLANE §2.2). */
    static final String MULTITRACK_NOT_ALLOWED = "MultitrackInputNotAllowed";
    static final String MULTITRACK_REQUIRED = "MultitrackInputRequired";
    static final String INVALID_TRACK = "InvalidMultitrackInputVideoTrackMediaProperties";
    static final String INVALID_TRACK_COUNT = "InvalidMultitrackInputTrackCount";

    /** What GetClientConfiguration handed out for the channel, checked at the first keyframe (null: none). */
    private volatile ClientConfigurations.Issued clientConfiguration;

    void clientConfiguration(ClientConfigurations.Issued issued) {
        this.clientConfiguration = issued;
    }

    /** A PutMetadata payload accepted for this stream. */
    public record TimedMetadata(String payload, Instant acceptedAt) {
    }

    public LiveStream(StreamDescriptor descriptor, String transport, IngestConnection connection, int windowSeconds,
            int keepMetadata, long publishedAtMillis) {
        this.descriptor = descriptor;
        this.transport = transport;
        this.connection = connection;
        this.stats = new IngestStats(windowSeconds);
        this.keepMetadata = keepMetadata;
        this.publishedAtMillis = publishedAtMillis;
    }

    void listener(Listener listener) {
        this.listener = listener;
    }

    /**
     * Runs the stream's database writes one after the other, in the order they were asked for (Session Created,
     * Stream Start, health changes, ..., Session Ended), whatever their latency. Call on the stream's event loop.
     */
    <T> CompletableFuture<T> enqueue(Supplier<Uni<T>> work) {
        // a busy database (pool timeout) is retried; if all tries fail the session keeper ends the session later
        CompletableFuture<T> next = tail.handle((r, e) -> null)
                .thenCompose(x -> Uni.createFrom().<T>deferred(work::get)
                        .onFailure().retry().withBackOff(java.time.Duration.ofMillis(500)).atMost(3)
                        .subscribeAsCompletionStage());
        next.whenComplete((r, e) -> {
            if (e != null) {
                LOG.warnf("stream %s: state write failed: %s", streamId(), e.toString());
            }
        });
        tail = next;
        return next;
    }

    void timer(long timerId) {
        this.timerId = timerId;
    }

    void cancelTimer() {
        if (timerId >= 0) {
            connection.context().owner().cancelTimer(timerId);
            timerId = -1;
        }
    }

    public void addSink(MediaSink sink) {
        sinks.add(sink);
    }

    public StreamDescriptor descriptor() {
        return descriptor;
    }

    public String streamId() {
        return descriptor.streamId();
    }

    public String channelArn() {
        return descriptor.channelArn();
    }

    public String transport() {
        return transport;
    }

    public IngestConnection connection() {
        return connection;
    }

    public IngestStats stats() {
        return stats;
    }

    public long publishedAtMillis() {
        return publishedAtMillis;
    }

    public String health() {
        return health;
    }

    void health(String health) {
        this.health = health;
    }

    public boolean started() {
        return started;
    }

    public boolean ended() {
        return ended;
    }

    public IngestConfiguration ingestConfiguration() {
        return ingestConfiguration;
    }

    /** True the first time a breach of this limit is seen in the session. */
    boolean firstBreach(String limitName) {
        return reportedBreaches.add(limitName);
    }

    /** The newest accepted PutMetadata payloads, oldest first (for the playback output). */
    public synchronized List<TimedMetadata> timedMetadata() {
        return List.copyOf(timedMetadata);
    }

    /** Queues an accepted PutMetadata payload and hands it to the sinks on the stream's event loop. */
    public void putMetadata(String payload, Instant at) {
        synchronized (this) {
            timedMetadata.addLast(new TimedMetadata(payload, at));
            while (timedMetadata.size() > keepMetadata) {
                timedMetadata.removeFirst();
            }
        }
        connection.context().runOnContext(v -> {
            if (!ended) {
                forEachSink(s -> s.onTimedMetadata(payload, at));
            }
        });
    }

    /** Hands an accepted InsertAdBreak to the sinks on the stream's event loop. */
    public void insertAdBreak(AdBreak adBreak) {
        connection.context().runOnContext(v -> {
            if (!ended) {
                forEachSink(s -> s.onAdBreak(adBreak));
            }
        });
    }

    @Override
    public void onMetadata(Map<String, Object> metadata) {
        this.metadata = metadata;
        if (!videoSeen && metadata.containsKey("audiocodecid") && !metadata.containsKey("videocodecid")
                && !metadata.containsKey("width")) {
            // the encoder declares an audio stream and no video one (ffmpeg -vn, audio-only OBS profiles)
            unsupported(AUDIO_ONLY);
        }
        refreshConfiguration();
        forEachSink(s -> s.onMetadata(metadata));
    }

    @Override
    public void onVideoConfig(VideoConfig config, long timestamp) {
        if (!(config instanceof AvcConfig) && !descriptor.fragmentedMp4()) {
            // IVS: HEVC (and AV1) output needs fMP4; MPEG-TS channels take H.264 only (MEDIA-PLANE §3)
            unsupported(config.codecName() + " video requires a channel with containerFormat FRAGMENTED_MP4;"
                    + " this channel is TS (send H.264, or change the channel's containerFormat).");
            return;
        }
        if (refused) {
            return;
        }
        this.avc = config;
        videoSeen = true;
        refreshConfiguration();
        forEachSink(s -> s.onVideoConfig(config, timestamp));
    }

    @Override
    public void onAudioConfig(AacConfig config, long timestamp) {
        this.aac = config;
        refreshConfiguration();
        forEachSink(s -> s.onAudioConfig(config, timestamp));
    }

    @Override
    public void onTrackVideoConfig(int track, VideoConfig config, long timestamp) {
        if (!multitrackAllowed() || !trackFits(track, config)) {
            return;
        }
        if (!(config instanceof AvcConfig) && !descriptor.fragmentedMp4()) {
            unsupported(config.codecName() + " video requires a channel with containerFormat FRAGMENTED_MP4.");
            return;
        }
        tracks.computeIfAbsent(track, t -> new Track()).config = config;
        refreshConfiguration();
        forEachSink(s -> s.onTrackVideoConfig(track, config, timestamp));
    }

    @Override
    public void onTrackVideo(VideoFrame frame) {
        Track t = tracks.get(frame.track());
        if (refused || t == null || !multitrackAllowed()) {
            return;
        }
        if (t.firstDts < 0) {
            t.firstDts = frame.dts();
        }
        t.lastDts = frame.dts();
        t.frames++;
        t.bytes += frame.length();
        if (frame.keyframe()) {
            quietRefresh(); // measured frame rate and bitrate, read by GetStreamSession and written at the end
        }
        forEachSink(s -> s.onTrackVideo(frame));
    }

    /** Multitrack input on a channel without {@code multitrackInputConfiguration.enabled}: refused. */
    private boolean multitrackAllowed() {
        if (!descriptor.multitrack().enabled()) {
            unsupported("Multitrack input is not enabled on this channel (multitrackInputConfiguration).",
                    MULTITRACK_NOT_ALLOWED);
            return false;
        }
        return !refused;
    }

    /** A track taller than the channel's {@code maximumResolution} is refused. */
    private boolean trackFits(int track, VideoConfig config) {
        int[] size = config.size();
        int lines = descriptor.multitrack().maxLines();
        if (size != null && Math.min(size[0], size[1]) > lines) {
            unsupported("Video track " + track + " is " + size[0] + "x" + size[1] + ", above the channel's"
                    + " maximumResolution " + descriptor.multitrack().maximumResolution() + ".", INVALID_TRACK);
            return false;
        }
        return true;
    }

    /** A multitrack publish sends as many video tracks as GetClientConfiguration handed out for the channel. */
    private void trackCountMatches() {
        ClientConfigurations.Issued issued = clientConfiguration;
        int sent = 1 + tracks.size();
        if (issued != null && sent != issued.videoTracks()) {
            unsupported("The encoder sent " + sent + " video tracks; GetClientConfiguration (config_id "
                    + issued.configId() + ") configured " + issued.videoTracks() + ".", INVALID_TRACK_COUNT);
        }
    }

    @Override
    public void onVideo(VideoFrame frame) {
        videoSeen = true;
        if (frame.keyframe() && !started && !refused && descriptor.multitrack().enabled()) {
            // the encoder sends every track's sequence header before the first frames
            if (tracks.isEmpty() && descriptor.multitrack().required()) {
                unsupported("This channel requires multitrack input (policy REQUIRE); the encoder sent one track.",
                        MULTITRACK_REQUIRED);
            } else if (!tracks.isEmpty() && avc != null && trackFits(0, avc)) {
                trackCountMatches();
            }
        }
        if (refused) {
            return;
        }
        if (frame.keyframe() && !started) {
            started = true;
            if (listener != null) {
                listener.streamStarted(this);
            }
        }
        forEachSink(s -> s.onVideo(frame));
    }

    @Override
    public void onAudio(AudioFrame frame) {
        if (!videoSeen) {
            if (firstAudioTimestamp < 0) {
                firstAudioTimestamp = frame.timestamp();
            } else if (frame.timestamp() - firstAudioTimestamp >= AUDIO_ONLY_AFTER_MS) {
                unsupported(AUDIO_ONLY);
            }
        }
        forEachSink(s -> s.onAudio(frame));
    }

    /**
     * An FLV video tag body as RTMP delivers it, the one way video enters the stream: demuxed into the sinks, and
     * counted (every message, also ones the demuxer does not pass on) for health and limits.
     */
    public void flvVideo(long timestamp, byte[] payload, long now) {
        FlvDemuxer.Result r = demuxer.video(timestamp, payload);
        if (r == FlvDemuxer.Result.UNSUPPORTED) {
            unsupported("Unsupported input: " + demuxer.reason() + ".");
        }
        stats.video(payload.length, r == FlvDemuxer.Result.VIDEO_FRAME || r == FlvDemuxer.Result.KEYFRAME,
                r == FlvDemuxer.Result.KEYFRAME, timestamp, now);
    }

    /** An FLV audio tag body as RTMP delivers it: demuxed into the sinks and counted. */
    public void flvAudio(long timestamp, byte[] payload, long now) {
        if (demuxer.audio(timestamp, payload) == FlvDemuxer.Result.UNSUPPORTED) {
            unsupported("Unsupported input: " + demuxer.reason() + ".");
        }
        stats.audio(payload.length, now);
    }

    /**
     * Bytes of an MPEG-TS stream as SRT delivers them (any split), the other way media enters the stream: demuxed
     * into the same calls as RTMP's FLV tags and counted (elementary-stream bytes) for health and limits. Input
     * that is not MPEG-TS with H.264/AAC ends the stream with a Stream Failure, as audio-only input does.
     */
    public void tsInput(byte[] data, int offset, int length, long now) {
        if (refused || ended) {
            return;
        }
        if (tsDemuxer == null) {
            tsDemuxer = new TsDemuxer(new TsCounter());
        }
        tsArrivedAt = now;
        try {
            tsDemuxer.feed(data, offset, length);
        } catch (TsDemuxer.Unsupported e) {
            unsupported("Unsupported input: " + e.getMessage() + ".");
        }
    }

    /** Counts what the TS demuxer passes on, then hands it to the stream like any demuxed media. */
    private final class TsCounter implements MediaSink {
        @Override
        public void onVideoConfig(VideoConfig config, long timestamp) {
            LiveStream.this.onVideoConfig(config, timestamp);
        }

        @Override
        public void onAudioConfig(AacConfig config, long timestamp) {
            LiveStream.this.onAudioConfig(config, timestamp);
        }

        @Override
        public void onVideo(VideoFrame frame) {
            stats.video(frame.length(), true, frame.keyframe(), frame.dts(), tsArrivedAt);
            LiveStream.this.onVideo(frame);
        }

        @Override
        public void onAudio(AudioFrame frame) {
            stats.audio(frame.length(), tsArrivedAt);
            LiveStream.this.onAudio(frame);
        }
    }

    /** The encoder's {@code onMetaData}. */
    public void flvMetadata(Map<String, Object> metadata) {
        demuxer.metadata(metadata);
    }

    private void unsupported(String reason) {
        unsupported(reason, null);
    }

    /** Refuses the input: Stream Failure with {@code reason}, the session ends with {@code code} (or none). */
    private void unsupported(String reason, String code) {
        if (!refused && !ended && listener != null) {
            endCode = code;
            refused = true;
            listener.unsupportedInput(this, reason);
        }
    }

    /** The IVS code of the session's end ({@code Session Ended} event, StreamEvent.code), or null. */
    public String endCode() {
        return endCode;
    }

    /** True when the input was found unsupported (then the session ends with a Stream Failure). */
    boolean refused() {
        return refused;
    }

    @Override
    public void onEnd() {
        if (ended) {
            return;
        }
        ended = true;
        forEachSink(MediaSink::onEnd);
    }

    private void quietRefresh() {
        List<dev.openivs.stream.mapping.VideoConfiguration> others = new java.util.ArrayList<>();
        tracks.forEach((id, t) -> others.add(IngestConfigurationBuilder.track(id, t.config, t.fps(), t.bitrate())));
        ingestConfiguration = IngestConfigurationBuilder.build(metadata, avc, aac, others);
    }

    private void refreshConfiguration() {
        IngestConfiguration previous = ingestConfiguration;
        quietRefresh();
        if (started && listener != null && !ingestConfiguration.equals(previous)) {
            listener.configurationChanged(this);
        }
    }

    private void forEachSink(java.util.function.Consumer<MediaSink> call) {
        for (MediaSink sink : sinks) {
            try {
                call.accept(sink);
            } catch (RuntimeException e) {
                // one faulty output must not stop ingest or the other outputs
                sinks.remove(sink);
                LOG.warnf(e, "media sink %s failed on stream %s; detached", sink.getClass().getSimpleName(),
                        streamId());
            }
        }
    }
}
