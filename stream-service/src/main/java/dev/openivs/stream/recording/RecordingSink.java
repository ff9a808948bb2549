package dev.openivs.stream.recording;

import dev.openivs.stream.format.ts.Id3;
import dev.openivs.stream.media.AacConfig;
import dev.openivs.stream.media.AdBreak;
import dev.openivs.stream.media.AudioFrame;
import dev.openivs.stream.hls.SegmentContainer;
import dev.openivs.stream.media.Segmenter;
import dev.openivs.stream.media.VideoConfig;
import dev.openivs.stream.media.EncoderMetadata;
import dev.openivs.stream.media.MediaSink;
import dev.openivs.stream.media.StreamDescriptor;
import dev.openivs.stream.media.VideoFrame;
import dev.openivs.stream.transcode.Rendition;
import dev.openivs.stream.transcode.TranscodedStream;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recorder's sink for one stream, on the stream's event loop: a {@link Track} per rendition it may record (the
 * source, and each transcoded rendition the transcode stage hands it as a {@link TranscodedStream.Subscriber}), each
 * cutting its own segments (the live packager's segmenter, its own instance) for the {@link Recording} it feeds.
 * Which recording that is (a new one, or the channel's one waiting in its reconnect window) and which renditions it
 * stores ({@link RenditionSelection}) is decided once the recording configuration has arrived, the first keyframe
 * was seen and the stream's renditions are known; segments cut before that wait here, in order.
 */
final class RecordingSink implements MediaSink {
    /** How long the end of a stream waits for its transcoded renditions' last segments (their worker drains). */
    static final long RENDITIONS_END_WAIT_MS = TranscodedStream.DRAIN_MS + 1_000;

    /** A segment cut before the recording was attached, or an ad break that arrived then ({@code adBreak}). */
    private record Pending(Track track, byte[] data, byte[] init, long durationMs, String codecs, long closedAt,
            Instant programDateTime, AdBreak adBreak) {
    }

    private final Recorder recorder;
    private final StreamDescriptor stream;
    private final int segmentTargetMs;
    private final int maxSegmentBytes;
    private final Track source;
    private final Map<String, Track> renditions = new LinkedHashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private Map<String, Object> metadata;
    private RecordingConfiguration config;
    private List<Rendition> ladder;
    private Recording recording;
    private boolean keyframeSeen;
    private boolean attaching;
    private boolean dead;
    private boolean endSent;
    private boolean endWanted;
    private Instant endedAt;
    /** The wall clock at the first video frame and its DTS: the segments' PROGRAM-DATE-TIMEs, as live computes them. */
    private long wallAtFirstDts = -1;
    private long firstDts;

    RecordingSink(Recorder recorder, StreamDescriptor stream, int segmentTargetMs, int maxSegmentBytes) {
        this.recorder = recorder;
        this.stream = stream;
        this.segmentTargetMs = segmentTargetMs;
        this.maxSegmentBytes = maxSegmentBytes;
        this.source = new Track(null);
    }

    /** Takes the stream's transcoded renditions (registered before its media). */
    TranscodedStream.Subscriber subscriber() {
        return new TranscodedStream.Subscriber() {
            @Override
            public void ladder(List<Rendition> decided) {
                ladder = decided;
                source.rendition = decided.stream().filter(Rendition::passthrough).findFirst().orElse(null);
                attach();
            }

            @Override
            public MediaSink rendition(Rendition r) {
                if (dead || r.audioOnly() || config != null && !RenditionSelection.recorded(config, ladder)
                        .contains(r)) {
                    return null;
                }
                Track t = new Track(r);
                renditions.put(r.name(), t);
                return t;
            }
        };
    }

    /** The recording configuration arrived (on this stream's event loop). */
    void configured(RecordingConfiguration cfg) {
        if (dead || config != null) {
            return;
        }
        config = cfg;
        attach();
        endIfDone();
    }

    /** The configuration could not be had, or is not ACTIVE: this stream is not recorded. */
    void unconfigured(String reason, String bucket) {
        if (dead || config != null) {
            return;
        }
        dead = true;
        pending.clear();
        recorder.startFailure(stream, reason, bucket);
    }

    @Override
    public void onMetadata(Map<String, Object> metadata) {
        this.metadata = metadata;
    }

    @Override
    public void onVideoConfig(VideoConfig config, long timestamp) {
        source.onVideoConfig(config, timestamp);
    }

    @Override
    public void onAudioConfig(AacConfig config, long timestamp) {
        source.onAudioConfig(config, timestamp);
    }

    @Override
    public void onVideo(VideoFrame frame) {
        if (wallAtFirstDts < 0) {
            wallAtFirstDts = System.currentTimeMillis();
            firstDts = frame.dts();
        }
        if (!keyframeSeen && !dead && endedAt == null && frame.keyframe() && source.segmenter.accepts(frame)) {
            keyframeSeen = true;
            attach();
        }
        source.onVideo(frame);
    }

    @Override
    public void onAudio(AudioFrame frame) {
        source.onAudio(frame);
    }

    /** PutMetadata is recorded too, as timed ID3 in the segment being written (the renditions get it from theirs). */
    @Override
    public void onTimedMetadata(String payload, Instant acceptedAt) {
        source.onTimedMetadata(payload, acceptedAt);
    }

    @Override
    public void onEnd() {
        if (endedAt != null) {
            return;
        }
        endedAt = Instant.now();
        source.onEnd();
        Context ctx = Vertx.currentContext();
        if (ctx != null && !endSent) { // renditions that never end (a stuck transcode stage) do not hold it up
            ctx.owner().setTimer(RENDITIONS_END_WAIT_MS, id -> end());
        }
        endIfDone();
    }

    /** The stream and every rendition it records have ended: the recording is told (once the configuration came). */
    private void endIfDone() {
        if (endedAt == null || config == null) {
            return; // still waiting for the configuration: configured() ends it
        }
        for (Track t : renditions.values()) {
            if (!t.ended && !t.off) {
                return;
            }
        }
        end();
    }

    private void end() {
        endWanted = true;
        if (endSent || config == null || attaching) {
            return; // attaching: ended once the recording is known
        }
        endSent = true;
        if (recording != null) {
            recording.streamEnded(endedAt);
        }
        // never got a keyframe: nothing recorded
    }

    /** InsertAdBreak: marked in the recorded renditions' playlists from the segments being written on. */
    @Override
    public void onAdBreak(AdBreak adBreak) {
        if (dead || endedAt != null) {
            return;
        }
        if (recording != null && !attaching) {
            recording.adBreak(adBreak);
        } else {
            pending.add(new Pending(null, null, null, 0, null, 0, null, adBreak)); // in order with the pending segments
        }
    }

    private void segment(Track track, byte[] data, byte[] init, long startDts, long durationMs) {
        long closedAt = System.nanoTime();
        String codecs = track.segmenter.codecs();
        Instant pdt = Instant.ofEpochMilli(wallAtFirstDts + (startDts - firstDts));
        if (recording != null && !attaching) {
            deliver(track, data, init, durationMs, codecs, closedAt, pdt);
        } else if (!dead) {
            pending.add(new Pending(track, data, init, durationMs, codecs, closedAt, pdt, null));
        }
    }

    private void deliver(Track track, byte[] data, byte[] init, long durationMs, String codecs, long closedAt,
            Instant pdt) {
        if (track == source) {
            recording.sourceSegment(data, init, durationMs);
        }
        if (track.rendition != null && recording.records(track.rendition.name())) {
            recording.renditionSegment(track.rendition.name(), data, init, durationMs, codecs, closedAt, pdt);
        }
    }

    private void attach() {
        if (recording != null || attaching || dead || config == null || !keyframeSeen || ladder == null) {
            return;
        }
        MediaProperties media = properties();
        List<RecordedRendition> recorded = new ArrayList<>();
        for (Rendition r : RenditionSelection.recorded(config, ladder)) {
            recorded.add(new RecordedRendition(r, r.passthrough() ? media.bitrate() : r.targetBandwidth()));
        }
        attaching = true; // the recorder asks the database (a reconnect may continue another replica's recording)
        recorder.attach(stream, config, media, recorded, r -> {
            attaching = false;
            recording = r;
            for (Track t : renditions.values()) {
                t.off = !r.records(t.rendition.name()); // taken before the configuration came: not recorded
            }
            for (Pending p : pending) {
                if (p.adBreak() != null) {
                    r.adBreak(p.adBreak());
                } else {
                    deliver(p.track(), p.data(), p.init(), p.durationMs(), p.codecs(), p.closedAt(),
                            p.programDateTime());
                }
            }
            pending.clear();
            if (endWanted) {
                end();
            }
        });
    }

    private MediaProperties properties() {
        return new MediaProperties(EncoderMetadata.number(metadata, "width"),
                EncoderMetadata.number(metadata, "height"), EncoderMetadata.framerate(metadata),
                source.segmenter.codecs(), EncoderMetadata.number(metadata, "videodatarate") * 1000L);
    }

    /**
     * The segments of one rendition: the source's own media ({@code rendition} its passthrough rendition, or null
     * when the ladder has none) or a transcoded rendition's.
     */
    private final class Track implements MediaSink {
        private final Segmenter segmenter;
        private Rendition rendition;
        private boolean ended;
        private boolean off;

        Track(Rendition rendition) {
            this.rendition = rendition;
            // the channel's container (MPEG-TS, or CMAF with an init segment on FRAGMENTED_MP4 channels)
            this.segmenter = SegmentContainer.segmenter(stream, segmentTargetMs, maxSegmentBytes,
                    (data, init, startDts, durationMs, frames) -> segment(this, data.toArray(), init, startDts,
                            durationMs));
        }

        private boolean taking() {
            return !dead && !off && !ended && (this != source || endedAt == null);
        }

        @Override
        public void onVideoConfig(VideoConfig config, long timestamp) {
            segmenter.videoConfig(config);
        }

        @Override
        public void onAudioConfig(AacConfig config, long timestamp) {
            segmenter.audioConfig(config);
        }

        @Override
        public void onVideo(VideoFrame frame) {
            if (taking()) {
                segmenter.video(frame);
            }
        }

        @Override
        public void onAudio(AudioFrame frame) {
            if (taking()) {
                segmenter.audio(frame);
            }
        }

        @Override
        public void onTimedMetadata(String payload, Instant acceptedAt) {
            if (taking()) {
                segmenter.id3(Id3.txxx(payload));
            }
        }

        @Override
        public void onEnd() {
            if (ended) {
                return;
            }
            if (!dead && !off) {
                segmenter.flush();
            }
            ended = true;
            if (this != source) {
                endIfDone();
            }
        }
    }
}
