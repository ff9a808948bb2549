package dev.openivs.stream.transcode;

import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.media.AacConfig;
import dev.openivs.stream.media.AdBreak;
import dev.openivs.stream.media.AudioFrame;
import dev.openivs.stream.media.AvcConfig;
import dev.openivs.stream.media.EncoderMetadata;
import dev.openivs.stream.media.FlvDemuxer;
import dev.openivs.stream.media.MediaSink;
import dev.openivs.stream.media.StreamDescriptor;
import dev.openivs.stream.media.VideoConfig;
import dev.openivs.stream.media.VideoFrame;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The transcode stage of one live stream (a {@link MediaSink} of the live stream, on its event loop): decides the
 * stream's renditions at its first keyframe ({@link Ladder}, from the SPS size and the declared frame rate), tells
 * its {@link Subscriber}s (the HLS packager, the recorder) and feeds the renditions it transcodes through a
 * supervised {@link TranscodeWorker}. Passthrough renditions are the source itself, which the subscribers get from
 * the live stream directly. A worker that crashes, stalls or falls behind is replaced at the next source keyframe;
 * after {@code max-restarts} replacements the transcoded renditions are ended and dropped (source only), and the
 * stream goes on.
 *
 * <p>Multitrack input (Enhanced RTMP v2, MEDIA-PLANE §2.2) is transmuxed instead: when further video tracks have
 * sent their sequence headers by the first keyframe, the default track is the source rendition and every further
 * track a rendition of its own (named by its height and the encoder's frame rate), fed with the track's frames and
 * the source audio; no worker runs.
 */
public final class TranscodedStream implements MediaSink {
    private static final Logger LOG = Logger.getLogger(TranscodedStream.class);
    /** Added to the timestamps given to ffmpeg so that AAC priming never makes one negative. */
    static final long OFFSET_MS = 1_000;
    /** The longest a worker may take to encode what it holds once its stream ended. */
    public static final long DRAIN_MS = 2_000;

    /** Who takes the renditions of a stream. Called on the stream's event loop. */
    public interface Subscriber {
        /** The stream's renditions (highest first), decided at its first keyframe. */
        void ladder(List<Rendition> renditions);

        /** The sink of a transcoded rendition (after {@link #ladder}), or null to ignore it. */
        MediaSink rendition(Rendition rendition);

        /** The transcoded renditions were given up (source only from now on); their sinks were ended. */
        default void dropped(List<Rendition> renditions) {
        }
    }

    private final StreamDescriptor descriptor;
    private final StreamConfig.Transcode config;
    private final boolean transcode;
    private final Runnable onEnd;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private Context context;
    private long timer = -1;
    private Map<String, Object> metadata;
    private VideoConfig avc;
    private AacConfig aac;
    private List<Rendition> ladder;
    /** Multitrack input: the further tracks' configurations, and the rung each track feeds once decided. */
    private final java.util.TreeMap<Integer, VideoConfig> trackConfigs = new java.util.TreeMap<>();
    private final Map<Integer, Tee> trackRungs = new java.util.HashMap<>();
    private boolean multitrack;
    private List<Rendition> transcoded = List.of();
    private final List<List<MediaSink>> rungSinks = new ArrayList<>();
    private final List<FlvDemuxer> demuxers = new ArrayList<>();
    private long firstKeyDts;
    private boolean timebase;
    /** FLV tags of the newest source GOPs (bounded by max-queued-bytes), for a replacement worker. */
    private final java.util.ArrayDeque<Gop> gops = new java.util.ArrayDeque<>();
    private static final int MAX_GOPS = 4;
    private long gopBytes;
    /** Per transcoded rendition: newest video timestamp delivered, and whether a replacement is joining. */
    private long[] lastVideoTs = new long[0];
    private boolean[] joining = new boolean[0];
    private double inputFps;
    private volatile TranscodeWorker worker;
    /** The ended stream's worker while it drains (on the event loop). */
    private TranscodeWorker draining;
    private int restarts;
    private boolean droppedAll;
    private boolean ended;
    private long lastInputAt;

    TranscodedStream(StreamDescriptor descriptor, StreamConfig.Transcode config, boolean transcode, Runnable onEnd) {
        this.descriptor = descriptor;
        this.config = config;
        this.transcode = transcode;
        this.onEnd = onEnd;
    }

    void subscribe(Subscriber subscriber) {
        subscribers.add(subscriber);
    }

    List<Subscriber> subscribers() {
        return subscribers;
    }

    /** The renditions once decided (null before the first keyframe). */
    public List<Rendition> ladder() {
        return ladder;
    }

    /** The running ffmpeg process, if any (tests). */
    public Process workerProcess() {
        TranscodeWorker w = worker;
        return w == null ? null : w.process();
    }

    /** Replacements of the worker so far. */
    public int restarts() {
        return restarts;
    }

    @Override
    public void onMetadata(Map<String, Object> metadata) {
        this.metadata = metadata;
    }

    @Override
    public void onVideoConfig(VideoConfig config, long timestamp) {
        avc = config;
        if (worker != null && config instanceof AvcConfig a && timestamp >= firstKeyDts) {
            worker.offer(FlvTags.videoConfig(a, timestamp - firstKeyDts + OFFSET_MS));
        }
    }

    @Override
    public void onTrackVideoConfig(int track, VideoConfig config, long timestamp) {
        trackConfigs.put(track, config);
        Tee rung = trackRungs.get(track);
        if (rung != null) {
            rung.onVideoConfig(config, timestamp);
        }
    }

    @Override
    public void onTrackVideo(VideoFrame frame) {
        Tee rung = ended ? null : trackRungs.get(frame.track());
        if (rung != null) {
            rung.onVideo(frame);
        }
    }

    @Override
    public void onAudioConfig(AacConfig config, long timestamp) {
        aac = config;
        if (multitrack) {
            trackRungs.values().forEach(r -> r.onAudioConfig(config, timestamp));
        }
        if (worker != null && timestamp >= firstKeyDts) {
            worker.offer(FlvTags.audioConfig(config, timestamp - firstKeyDts + OFFSET_MS));
        }
    }

    @Override
    public void onVideo(VideoFrame frame) {
        if (ended) {
            return;
        }
        if (ladder == null) {
            if (!frame.keyframe() || avc == null || avc.size() == null) {
                return;
            }
            decide(frame);
        }
        if (multitrack || transcoded.isEmpty() || droppedAll) {
            return;
        }
        lastInputAt = System.currentTimeMillis();
        if (!timebase) {
            timebase = true;
            firstKeyDts = frame.dts(); // every worker's timestamps count from here, so restarts continue the timeline
        }
        byte[] tag = FlvTags.video(frame, frame.dts() - firstKeyDts + OFFSET_MS);
        if (frame.keyframe()) {
            gops.addLast(new Gop(frame.dts(), new ArrayList<>()));
            while (gops.size() > MAX_GOPS) {
                gopBytes -= gops.removeFirst().bytes();
            }
        }
        remember(tag);
        if (worker == null) {
            startWorker(); // from the GOP in progress (this keyframe, or the buffered one)
        } else {
            worker.offer(tag);
        }
    }

    @Override
    public void onAudio(AudioFrame frame) {
        if (multitrack && !ended) {
            trackRungs.values().forEach(r -> r.onAudio(frame)); // every rendition plays the source audio
            return;
        }
        if (ended || !timebase || frame.timestamp() < firstKeyDts || transcoded.isEmpty() || droppedAll) {
            return;
        }
        byte[] tag = FlvTags.audio(frame, frame.timestamp() - firstKeyDts + OFFSET_MS);
        remember(tag);
        TranscodeWorker w = worker;
        if (w != null) {
            w.offer(tag);
        }
    }

    /** Keeps the tags of the newest source GOPs (bounded), which a replacement worker starts from. */
    private void remember(byte[] tag) {
        if (gops.isEmpty()) {
            return;
        }
        gops.getLast().tags().add(tag);
        gopBytes += tag.length;
        while (gopBytes > config.maxQueuedBytes() / 2 && !gops.isEmpty()) {
            gopBytes -= gops.removeFirst().bytes(); // oldest first; a replacement may then wait for a keyframe
        }
    }

    /** One source GOP as FLV tags, from its keyframe. */
    private record Gop(long startDts, List<byte[]> tags) {
        long bytes() {
            long n = 0;
            for (byte[] t : tags) {
                n += t.length;
            }
            return n;
        }
    }

    /** PutMetadata: into every transcoded rendition too (the source gets it from the live stream). */
    @Override
    public void onTimedMetadata(String payload, Instant acceptedAt) {
        forEachRungSink(s -> s.onTimedMetadata(payload, acceptedAt));
    }

    /** InsertAdBreak: marked in every transcoded rendition's playlist too. */
    @Override
    public void onAdBreak(AdBreak adBreak) {
        forEachRungSink(s -> s.onAdBreak(adBreak));
    }

    /**
     * The stream ended: the worker drains (ffmpeg encodes the source it holds, at most {@link #DRAIN_MS}), so the
     * renditions end with the source's last frames; then their sinks end. The capacity is free at once.
     */
    @Override
    public void onEnd() {
        if (ended) {
            return;
        }
        ended = true;
        if (timer >= 0) {
            context.owner().cancelTimer(timer);
        }
        TranscodeWorker w = worker;
        worker = null;
        onEnd.run();
        if (w == null || droppedAll) {
            forEachRungSink(MediaSink::onEnd);
            return;
        }
        draining = w;
        w.drain(DRAIN_MS, () -> context.runOnContext(v -> {
            draining = null;
            forEachRungSink(MediaSink::onEnd);
        }));
    }

    private void decide(VideoFrame frame) {
        context = Vertx.currentContext();
        if (!trackConfigs.isEmpty()) {
            decideTracks();
            return;
        }
        int[] size = avc.size();
        inputFps = EncoderMetadata.framerate(metadata);
        String preset = descriptor.channel() == null ? "" : descriptor.channel().path("preset").asText("");
        // the workers read H.264 in FLV: HEVC and AV1 input is passed through as its source rendition only
        boolean transcodable = transcode && avc instanceof AvcConfig;
        ladder = Ladder.of(transcodable ? descriptor.channelType() : "BASIC", preset, size[0], size[1], inputFps);
        if (aac == null) {
            ladder = ladder.stream().filter(r -> !r.audioOnly()).toList(); // no audio: no audio_only rendition
        }
        subscribers.forEach(s -> s.ladder(ladder));
        List<Rendition> taken = new ArrayList<>();
        for (Rendition r : ladder) {
            if (r.passthrough()) {
                continue;
            }
            List<MediaSink> sinks = sinks(r);
            if (!sinks.isEmpty()) { // nobody takes it (e.g. an output that cannot carry it): not transcoded
                taken.add(r);
                rungSinks.add(sinks);
                demuxers.add(new FlvDemuxer(new Tee(sinks)));
            }
        }
        transcoded = List.copyOf(taken);
        lastVideoTs = new long[transcoded.size()];
        java.util.Arrays.fill(lastVideoTs, -1);
        joining = new boolean[transcoded.size()];
        if (!transcoded.isEmpty() && context != null) {
            long interval = Math.max(250, Math.min(1000, config.stallTimeout().toMillis() / 2));
            timer = context.owner().setPeriodic(interval, id -> supervise());
        }
        LOG.infof("stream %s: renditions %s (%dx%d, %.2f fps input)", descriptor.streamId(),
                ladder.stream().map(Rendition::name).toList(), size[0], size[1], inputFps);
    }

    /** Multitrack: the default track as the source, every further track a transmuxed rendition. */
    private void decideTracks() {
        multitrack = true;
        inputFps = EncoderMetadata.framerate(metadata);
        int fps = inputFps > 0 ? (int) Math.round(inputFps) : 30;
        int[] size = avc.size();
        List<Rendition> all = new ArrayList<>(Ladder.of("BASIC", "", size[0], size[1], inputFps));
        Map<Integer, Rendition> byTrack = new java.util.HashMap<>();
        for (Map.Entry<Integer, VideoConfig> t : trackConfigs.entrySet()) {
            int[] s = t.getValue().size();
            if (s == null) {
                continue;
            }
            Rendition r = new Rendition(Rendition.name(s[1], Math.min(fps, 60)), s[0], s[1], fps, 0, 0, false);
            if (all.stream().noneMatch(x -> x.name().equals(r.name()))) {
                all.add(r);
                byTrack.put(t.getKey(), r);
            }
        }
        all.sort((a, b) -> Integer.compare(b.height(), a.height()));
        ladder = List.copyOf(all);
        subscribers.forEach(s -> s.ladder(ladder));
        List<Rendition> taken = new ArrayList<>();
        byTrack.forEach((track, r) -> {
            List<MediaSink> sinks = sinks(r);
            if (!sinks.isEmpty()) {
                Tee tee = new Tee(sinks);
                taken.add(r);
                rungSinks.add(sinks);
                trackRungs.put(track, tee);
                tee.onVideoConfig(trackConfigs.get(track), 0);
                if (aac != null) {
                    tee.onAudioConfig(aac, 0);
                }
            }
        });
        transcoded = List.copyOf(taken);
        LOG.infof("stream %s: multitrack renditions %s (transmuxed)", descriptor.streamId(),
                ladder.stream().map(Rendition::name).toList());
    }

    /** Every subscriber's sink for a rendition, each told the rendition's metadata. */
    private List<MediaSink> sinks(Rendition r) {
        List<MediaSink> sinks = new ArrayList<>();
        for (Subscriber s : subscribers) {
            MediaSink sink = s.rendition(r);
            if (sink != null) {
                sink.onMetadata(metadata(r));
                sinks.add(sink);
            }
        }
        return sinks;
    }

    private Map<String, Object> metadata(Rendition r) {
        return Map.of("width", (double) r.width(), "height", (double) r.height(), "framerate", (double) r.fps(),
                "videodatarate", (double) r.videoKbps(), "audiodatarate",
                (double) (r.audioKbps() > 0 ? r.audioKbps() : EncoderMetadata.number(metadata, "audiodatarate")));
    }

    /**
     * Starts a worker on the buffered source from the first keyframe after what every rendition already has (none
     * buffered: at the next keyframe). Its output joins each rendition at that keyframe, so a replaced worker costs
     * the renditions no frame and no segment boundary, only the catching up (as long as the buffer reaches back).
     */
    private void startWorker() {
        if (gops.isEmpty()) {
            return;
        }
        long have = Long.MAX_VALUE;
        for (long ts : lastVideoTs) {
            have = Math.min(have, ts);
        }
        Gop from = gops.getLast();
        for (java.util.Iterator<Gop> it = gops.descendingIterator(); it.hasNext();) {
            Gop g = it.next();
            if (have < 0 || g.startDts() <= have) {
                break;
            }
            from = g;
        }
        long gopStartDts = from.startDts();
        try {
            Output out = new Output();
            TranscodeWorker w = TranscodeWorker.start(descriptor.streamId(), config, transcoded, aac != null,
                    inputFps, out);
            out.worker = w;
            worker = w;
            for (int i = 0; i < transcoded.size(); i++) {
                joining[i] = lastVideoTs[i] >= 0;
            }
            long ts = gopStartDts - firstKeyDts + OFFSET_MS;
            w.offer(FlvTags.HEADER);
            w.offer(FlvTags.videoConfig((AvcConfig) avc, ts));
            if (aac != null) {
                w.offer(FlvTags.audioConfig(aac, ts));
            }
            boolean feeding = false;
            for (Gop g : gops) {
                feeding |= g == from;
                if (feeding) {
                    g.tags().forEach(w::offer);
                }
            }
        } catch (IOException e) {
            LOG.warnf("stream %s: transcoder did not start: %s", descriptor.streamId(), e.getMessage());
            failed(null);
        }
    }

    /**
     * Every interval on the event loop: a worker without output for the stall timeout while input flows has
     * stalled (before its first output it gets three times as long: ffmpeg probes its input and opens the encoders).
     */
    private void supervise() {
        TranscodeWorker w = worker;
        long now = System.currentTimeMillis();
        long stall = config.stallTimeout().toMillis();
        if (w != null && now - lastInputAt < 1_000
                && now - w.lastOutputAt() > (w.producedOutput() ? stall : 3 * stall)) {
            w.stop();
            LOG.warnf("stream %s: transcoder stalled (no output for %d ms)", descriptor.streamId(),
                    now - w.lastOutputAt());
            failed(w);
        }
    }

    /** On the event loop: the worker is gone; the next keyframe starts another, or the renditions are dropped. */
    private void failed(TranscodeWorker w) {
        if (worker != w || ended) {
            return;
        }
        worker = null;
        restarts++;
        if (restarts <= config.maxRestarts()) {
            startWorker();
        }
        if (restarts > config.maxRestarts()) {
            droppedAll = true;
            LOG.warnf("stream %s: transcoder failed %d times; renditions dropped, source only", descriptor.streamId(),
                    restarts);
            forEachRungSink(MediaSink::onEnd);
            subscribers.forEach(s -> s.dropped(transcoded));
        } else {
            LOG.infof("stream %s: transcoder replaced (%d of %d)", descriptor.streamId(), restarts,
                    config.maxRestarts());
        }
    }

    private void forEachRungSink(Consumer<MediaSink> call) {
        for (List<MediaSink> sinks : rungSinks) {
            for (MediaSink s : sinks) {
                try {
                    call.accept(s);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "rendition sink failed on stream %s", descriptor.streamId());
                }
            }
        }
    }

    /** The worker's callbacks, moved onto the stream's event loop. */
    private final class Output implements TranscodeWorker.Output {
        private volatile TranscodeWorker worker;

        @Override
        public void tag(int rung, FlvTags.Tag tag) {
            context.runOnContext(v -> deliver(rung, tag));
        }

        @Override
        public void failed(TranscodeWorker w, String why) {
            context.runOnContext(v -> TranscodedStream.this.failed(w));
        }

        private void deliver(int rung, FlvTags.Tag tag) {
            TranscodeWorker current = ended ? draining : TranscodedStream.this.worker;
            if (droppedAll || current == null || worker != current) {
                return; // a replaced worker's last tags
            }
            long ts = tag.timestamp() - OFFSET_MS + firstKeyDts;
            byte[] b = tag.body();
            boolean config = b.length > 1 && b[1] == 0; // AVC/AAC sequence header
            if (tag.type() == FlvTags.VIDEO && !config && b.length > 0) {
                if (joining[rung]) {
                    if ((b[0] & 0xF0) != 0x10 || ts <= lastVideoTs[rung]) {
                        return; // a replacement joins at its first keyframe after what the rendition has
                    }
                    joining[rung] = false;
                }
                lastVideoTs[rung] = ts;
            } else if (joining[rung] && !config) {
                return;
            }
            if (tag.type() == FlvTags.VIDEO) {
                demuxers.get(rung).video(ts, b);
            } else if (tag.type() == FlvTags.AUDIO) {
                demuxers.get(rung).audio(ts, b);
            }
        }
    }

    /** One rendition's tags to every subscriber's sink for it. */
    private record Tee(List<MediaSink> sinks) implements MediaSink {
        @Override
        public void onVideoConfig(VideoConfig config, long timestamp) {
            sinks.forEach(s -> s.onVideoConfig(config, timestamp));
        }

        @Override
        public void onAudioConfig(AacConfig config, long timestamp) {
            sinks.forEach(s -> s.onAudioConfig(config, timestamp));
        }

        @Override
        public void onVideo(VideoFrame frame) {
            sinks.forEach(s -> s.onVideo(frame));
        }

        @Override
        public void onAudio(AudioFrame frame) {
            sinks.forEach(s -> s.onAudio(frame));
        }
    }
}
