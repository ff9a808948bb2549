package dev.openivs.stream.recording;

import dev.openivs.stream.format.ts.Id3;
import dev.openivs.stream.format.ts.TsSegmenter;
import dev.openivs.stream.media.AacConfig;
import dev.openivs.stream.media.AdBreak;
import dev.openivs.stream.media.AudioFrame;
import dev.openivs.stream.media.AvcConfig;
import dev.openivs.stream.media.EncoderMetadata;
import dev.openivs.stream.media.MediaSink;
import dev.openivs.stream.media.StreamDescriptor;
import dev.openivs.stream.media.VideoFrame;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The recorder's sink for one stream, on the stream's event loop: cuts MPEG-TS segments (the live packager's
 * segmenter, its own instance) and hands them to the {@link Recording} it feeds. Which recording that is (a new
 * one, or the channel's one waiting in its reconnect window) is decided at the first keyframe, when the media
 * properties are known, once the recording configuration has arrived; segments cut before that wait here.
 */
final class RecordingSink implements MediaSink {
    private record Pending(byte[] ts, long durationMs, long closedAt, Instant programDateTime) {
    }

    /** An ad break that arrived before the recording was attached: it begins with pending segment {@code at}. */
    private record PendingBreak(AdBreak adBreak, int at) {
    }

    private final Recorder recorder;
    private final StreamDescriptor stream;
    private final TsSegmenter segmenter;
    private final List<Pending> pending = new ArrayList<>();
    private final List<PendingBreak> pendingBreaks = new ArrayList<>();
    private Map<String, Object> metadata;
    private RecordingConfiguration config;
    private Recording recording;
    private boolean keyframeSeen;
    private boolean attaching;
    private boolean dead;
    private Instant endedAt;
    private long wallAtFirstDts = -1;
    private long firstDts;

    RecordingSink(Recorder recorder, StreamDescriptor stream, int segmentTargetMs, int maxSegmentBytes) {
        this.recorder = recorder;
        this.stream = stream;
        this.segmenter = new TsSegmenter(segmentTargetMs, maxSegmentBytes, true, this::segment);
    }

    /** The recording configuration arrived (on this stream's event loop). */
    void configured(RecordingConfiguration cfg) {
        if (dead || config != null) {
            return;
        }
        config = cfg;
        attach();
        if (endedAt != null) {
            end();
        }
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
    public void onVideoConfig(AvcConfig config, long timestamp) {
        segmenter.videoConfig(config);
    }

    @Override
    public void onAudioConfig(AacConfig config, long timestamp) {
        segmenter.audioConfig(config);
    }

    @Override
    public void onVideo(VideoFrame frame) {
        if (dead || endedAt != null) {
            return;
        }
        if (wallAtFirstDts < 0) {
            wallAtFirstDts = System.currentTimeMillis();
            firstDts = frame.dts();
        }
        if (!keyframeSeen && frame.keyframe() && segmenter.accepts(frame)) {
            keyframeSeen = true;
            attach();
        }
        segmenter.video(frame);
    }

    @Override
    public void onAudio(AudioFrame frame) {
        if (!dead && endedAt == null) {
            segmenter.audio(frame);
        }
    }

    /** PutMetadata is recorded too, as timed ID3 in the segment being written (as in the live output). */
    @Override
    public void onTimedMetadata(String payload, Instant acceptedAt) {
        if (!dead && endedAt == null) {
            segmenter.id3(Id3.txxx(payload));
        }
    }

    /** InsertAdBreak: marked in the recording's playlists from the segment being written on. */
    @Override
    public void onAdBreak(AdBreak adBreak) {
        if (dead || endedAt != null) {
            return;
        }
        if (recording != null && !attaching) {
            recording.adBreak(adBreak);
        } else {
            pendingBreaks.add(new PendingBreak(adBreak, pending.size()));
        }
    }

    @Override
    public void onEnd() {
        if (endedAt != null) {
            return;
        }
        endedAt = Instant.now();
        if (!dead) {
            segmenter.flush();
        }
        end();
    }

    private void end() {
        if (recording != null && !attaching) {
            recording.streamEnded(endedAt);
        }
        // still waiting for the configuration: configured() ends it; never got a keyframe: nothing recorded
    }

    private void segment(byte[] ts, long startDts, long durationMs, int frames) {
        long closedAt = System.nanoTime();
        // the wall-clock time of the segment's first frame: as the live playlists compute it
        Instant pdt = Instant.ofEpochMilli(wallAtFirstDts + (startDts - firstDts));
        if (recording != null && !attaching) {
            recording.segment(ts, durationMs, closedAt, pdt);
        } else if (!dead) {
            pending.add(new Pending(ts, durationMs, closedAt, pdt));
        }
    }

    private void attach() {
        if (recording != null || attaching || dead || config == null || !keyframeSeen) {
            return;
        }
        attaching = true; // the recorder asks the database (a reconnect may continue another replica's recording)
        recorder.attach(stream, config, properties(), r -> {
            attaching = false;
            recording = r;
            for (int i = 0; i <= pending.size(); i++) {
                for (PendingBreak b : pendingBreaks) {
                    if (b.at() == i) {
                        r.adBreak(b.adBreak());
                    }
                }
                if (i < pending.size()) {
                    Pending p = pending.get(i);
                    r.segment(p.ts(), p.durationMs(), p.closedAt(), p.programDateTime());
                }
            }
            pending.clear();
            pendingBreaks.clear();
            if (endedAt != null) {
                end();
            }
        });
    }

    private MediaProperties properties() {
        AvcConfig avc = segmenter.avc();
        AacConfig aac = segmenter.aac();
        String codecs = avc.codecString() + (aac != null ? "," + aac.codecString() : "");
        return new MediaProperties(EncoderMetadata.number(metadata, "width"),
                EncoderMetadata.number(metadata, "height"), EncoderMetadata.framerate(metadata), codecs,
                EncoderMetadata.number(metadata, "videodatarate") * 1000L);
    }
}
