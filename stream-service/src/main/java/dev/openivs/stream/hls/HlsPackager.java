package dev.openivs.stream.hls;

import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.media.MediaSink;
import dev.openivs.stream.media.MediaSinkFactory;
import dev.openivs.stream.media.StreamDescriptor;
import dev.openivs.stream.transcode.Rendition;
import dev.openivs.stream.transcode.TranscodedStream;
import dev.openivs.stream.transcode.Transcoder;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens an HLS output for every stream this replica ingests ({@link LlHlsStream} for {@code latencyMode: LOW}
 * channels, {@link HlsStream} otherwise) and finds it again by channel ARN. A channel's media playlist outlives its
 * stream sessions: a new session continues the previous one's playlist (reconnect). An ended stream's playlist stays
 * live for {@code end-list-after}, then gets EXT-X-ENDLIST, and is forgotten after {@code ended-retention}.
 */
@ApplicationScoped
public class HlsPackager implements MediaSinkFactory {
    private final Vertx vertx;
    private final RetiredSegments retiredSegments;
    private final StreamConfig.Playback config;
    private final Transcoder transcoder;
    private final ConcurrentHashMap<String, HlsStream> byChannel = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LlHlsStream> lowLatency = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Renditions<HlsStream>> renditions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Renditions<LlHlsStream>> lowLatencyRenditions = new ConcurrentHashMap<>();

    /**
     * The renditions of a channel's current (or last) session, highest first; the source is the passthrough one
     * (or the only one). {@code streams} by rendition id; a rendition given up is removed.
     */
    public static final class Renditions<S extends RenditionStream> {
        private final S source;
        private volatile List<Rendition> ladder = List.of();
        private final ConcurrentHashMap<String, S> streams = new ConcurrentHashMap<>();

        Renditions(S source) {
            this.source = source;
        }

        /** The listable renditions' multivariant entries, highest first (the source under its IVS name). */
        public List<Playlists.Variant> variants(String channelDir) {
            List<Playlists.Variant> out = new ArrayList<>();
            for (Rendition r : ladder) {
                S s = r.passthrough() ? source : streams.get(r.name());
                if (s != null && s.listable()) {
                    out.add(s.variant(r.name(), channelDir + "/" + s.name() + ".m3u8"));
                }
            }
            return out;
        }

        /** The packager of a rendition by its file prefix ({@code source} or the rendition id). */
        public S stream(String name) {
            return Playlists.SOURCE_NAME.equals(name) ? source : streams.get(name);
        }

        /** The renditions decided for the session (empty until its first keyframe). */
        public List<Rendition> ladder() {
            return ladder;
        }
    }

    /** How a packager of kind S is made and tied to the source's time line. */
    private interface Kind<S extends RenditionStream> {
        S create(StreamDescriptor stream, String name);

        void continueFrom(S stream, S previous);

        void renditionOf(S stream, S source, boolean continued);

        /** Makes {@code stream} the audio-only rendition of {@code source}; false when it cannot be one. */
        boolean audioOnlyOf(S stream, S source, boolean continued);

        void endList(S stream);
    }

    public HlsPackager(Vertx vertx, StreamConfig config, Transcoder transcoder, RetiredSegments retiredSegments) {
        this.vertx = vertx;
        this.retiredSegments = retiredSegments;
        this.config = config.playback();
        this.transcoder = transcoder;
    }

    @Override
    public MediaSink open(StreamDescriptor stream) {
        if (!config.enabled()) {
            return null;
        }
        if ("LOW".equals(stream.latencyMode())) {
            LlHlsStream ll = open(stream, lowLatency, lowLatencyRenditions, low);
            byChannel.remove(stream.channelArn());
            renditions.remove(stream.channelArn());
            return ll;
        }
        HlsStream hls = open(stream, byChannel, renditions, normal);
        lowLatency.remove(stream.channelArn());
        lowLatencyRenditions.remove(stream.channelArn());
        return hls;
    }

    private final Kind<HlsStream> normal = new Kind<>() {
        @Override
        public HlsStream create(StreamDescriptor stream, String name) {
            HlsStream hls = new HlsStream(stream, name, (int) config.segmentTarget().toMillis(),
                    Math.max(2, config.window()), config.maxSegmentBytes(), System::currentTimeMillis);
            hls.retireTo(retiredSegments);
            return hls;
        }

        @Override
        public void continueFrom(HlsStream stream, HlsStream previous) {
            stream.continueFrom(previous);
        }

        @Override
        public void renditionOf(HlsStream stream, HlsStream source, boolean continued) {
            stream.renditionOf(source, continued);
        }

        @Override
        public boolean audioOnlyOf(HlsStream stream, HlsStream source, boolean continued) {
            return stream.audioOnlyOf(source, continued);
        }

        @Override
        public void endList(HlsStream stream) {
            stream.endList();
        }
    };

    private final Kind<LlHlsStream> low = new Kind<>() {
        @Override
        public LlHlsStream create(StreamDescriptor stream, String name) {
            LlHlsStream ll = new LlHlsStream(stream, name, (int) config.segmentTarget().toMillis(),
                    (int) config.partTarget().toMillis(), Math.max(2, config.window()), config.maxSegmentBytes(),
                    System::currentTimeMillis);
            ll.retireTo(retiredSegments);
            return ll;
        }

        @Override
        public void continueFrom(LlHlsStream stream, LlHlsStream previous) {
            stream.continueFrom(previous);
        }

        @Override
        public void renditionOf(LlHlsStream stream, LlHlsStream source, boolean continued) {
            stream.renditionOf(source, continued);
        }

        @Override
        public boolean audioOnlyOf(LlHlsStream stream, LlHlsStream source, boolean continued) {
            return stream.audioOnlyOf(source, continued);
        }

        @Override
        public void endList(LlHlsStream stream) {
            stream.endList();
        }
    };

    /**
     * The source packager of a new session (continuing the channel's previous one), and its renditions as the
     * transcode stage decides them: each continues the channel's same-named rendition, or starts at the source's
     * media sequence number.
     */
    private <S extends RenditionStream> S open(StreamDescriptor stream, ConcurrentHashMap<String, S> sources,
            ConcurrentHashMap<String, Renditions<S>> all, Kind<S> kind) {
        S source = kind.create(stream, Playlists.SOURCE_NAME);
        S previous = sources.get(stream.channelArn());
        if (previous != null) {
            kind.continueFrom(source, previous);
        }
        Renditions<S> before = all.get(stream.channelArn());
        Renditions<S> now = new Renditions<>(source);
        transcoder.subscribe(stream, new TranscodedStream.Subscriber() {
            @Override
            public void ladder(List<Rendition> ladder) {
                now.ladder = ladder;
            }

            @Override
            public MediaSink rendition(Rendition r) {
                S rs = kind.create(stream, r.name());
                S earlier = before == null ? null : before.streams.get(r.name());
                if (earlier != null) {
                    kind.continueFrom(rs, earlier);
                }
                if (!r.audioOnly()) {
                    kind.renditionOf(rs, source, earlier != null);
                } else if (!kind.audioOnlyOf(rs, source, earlier != null)) {
                    return null; // the container cannot carry it: not offered
                }
                rs.onEnded(() -> vertx.setTimer(Math.max(1, config.endListAfter().toMillis()),
                        id -> kind.endList(rs)));
                now.streams.put(r.name(), rs);
                return rs;
            }

            @Override
            public void dropped(List<Rendition> dropped) {
                dropped.forEach(r -> now.streams.remove(r.name()));
            }
        });
        source.onEnded(() -> ended(sources, all, stream.channelArn(), source, () -> kind.endList(source)));
        sources.put(stream.channelArn(), source);
        all.put(stream.channelArn(), now);
        return source;
    }

    private <S extends RenditionStream> void ended(ConcurrentHashMap<String, S> streams,
            ConcurrentHashMap<String, Renditions<S>> all, String channelArn, S stream, Runnable endList) {
        vertx.setTimer(Math.max(1, config.endListAfter().toMillis()), id -> endList.run());
        vertx.setTimer(Math.max(1, config.endedRetention().toMillis()), id -> {
            if (streams.remove(channelArn, stream)) {
                all.computeIfPresent(channelArn, (k, r) -> r.source == stream ? null : r);
            }
        });
    }

    /** The renditions of a {@code NORMAL} channel held by this replica (live or ended). */
    public Optional<Renditions<HlsStream>> renditions(String channelArn) {
        return Optional.ofNullable(renditions.get(channelArn));
    }

    /** The renditions of a {@code LOW} channel held by this replica (live or ended). */
    public Optional<Renditions<LlHlsStream>> lowLatencyRenditions(String channelArn) {
        return Optional.ofNullable(lowLatencyRenditions.get(channelArn));
    }

    /** The low-latency HLS output (fMP4 parts) of a {@code latencyMode: LOW} channel held by this replica (live or ended). */
    public Optional<LlHlsStream> lowLatency(String channelArn) {
        return Optional.ofNullable(lowLatency.get(channelArn));
    }

    /** The HLS output (MPEG-TS) of a {@code NORMAL} channel held by this replica (live or ended). */
    public Optional<HlsStream> get(String channelArn) {
        return Optional.ofNullable(byChannel.get(channelArn));
    }
}
