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
    private final StreamConfig.Playback config;
    private final Transcoder transcoder;
    private final ConcurrentHashMap<String, HlsStream> byChannel = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LlHlsStream> lowLatency = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Renditions> renditions = new ConcurrentHashMap<>();

    /**
     * The renditions of a NORMAL channel's current (or last) session, highest first; the source is the
     * passthrough one (or the only one). {@code streams} by rendition id; a rendition given up is removed.
     */
    public static final class Renditions {
        private final HlsStream source;
        private volatile List<Rendition> ladder = List.of();
        private final ConcurrentHashMap<String, HlsStream> streams = new ConcurrentHashMap<>();

        Renditions(HlsStream source) {
            this.source = source;
        }

        /** Rendition ids with their packagers, highest first (the source under its IVS name). */
        public List<Playlists.Variant> variants(String channelDir) {
            List<Playlists.Variant> out = new ArrayList<>();
            for (Rendition r : ladder) {
                HlsStream s = r.passthrough() ? source : streams.get(r.name());
                if (s != null && s.snapshot().started()) {
                    out.add(new Playlists.Variant(r.name(), s.snapshot(), channelDir + "/" + s.name() + ".m3u8"));
                }
            }
            return out;
        }

        /** The packager of a rendition by its file prefix ({@code source} or the rendition id). */
        public HlsStream stream(String name) {
            return Playlists.SOURCE_NAME.equals(name) ? source : streams.get(name);
        }

        /** The renditions decided for the session (empty until its first keyframe). */
        public List<Rendition> ladder() {
            return ladder;
        }
    }

    public HlsPackager(Vertx vertx, StreamConfig config, Transcoder transcoder) {
        this.vertx = vertx;
        this.config = config.playback();
        this.transcoder = transcoder;
    }

    @Override
    public MediaSink open(StreamDescriptor stream) {
        if (!config.enabled()) {
            return null;
        }
        if ("LOW".equals(stream.latencyMode())) {
            LlHlsStream ll = new LlHlsStream(stream, (int) config.segmentTarget().toMillis(),
                    (int) config.partTarget().toMillis(), Math.max(2, config.window()), config.maxSegmentBytes(),
                    System::currentTimeMillis);
            LlHlsStream previous = lowLatency.get(stream.channelArn());
            if (previous != null) {
                ll.continueFrom(previous);
            }
            ll.onEnded(() -> ended(lowLatency, stream.channelArn(), ll, ll::endList));
            lowLatency.put(stream.channelArn(), ll);
            byChannel.remove(stream.channelArn());
            return ll;
        }
        HlsStream hls = normal(stream, Playlists.SOURCE_NAME);
        HlsStream previous = byChannel.get(stream.channelArn());
        if (previous != null) {
            hls.continueFrom(previous);
        }
        Renditions before = renditions.get(stream.channelArn());
        Renditions now = new Renditions(hls);
        transcoder.subscribe(stream, new TranscodedStream.Subscriber() {
            @Override
            public void ladder(List<Rendition> ladder) {
                now.ladder = ladder;
            }

            @Override
            public MediaSink rendition(Rendition r) {
                if (r.audioOnly()) {
                    return null; // MPEG-TS segments are cut at video keyframes: no audio-only TS rendition yet
                }
                HlsStream rs = normal(stream, r.name());
                HlsStream earlier = before == null ? null : before.streams.get(r.name());
                if (earlier != null) {
                    rs.continueFrom(earlier);
                }
                rs.renditionOf(hls, earlier != null);
                rs.onEnded(() -> vertx.setTimer(Math.max(1, config.endListAfter().toMillis()), id -> rs.endList()));
                now.streams.put(r.name(), rs);
                return rs;
            }

            @Override
            public void dropped(List<Rendition> dropped) {
                dropped.forEach(r -> now.streams.remove(r.name()));
            }
        });
        hls.onEnded(() -> ended(byChannel, stream.channelArn(), hls, hls::endList));
        byChannel.put(stream.channelArn(), hls);
        renditions.put(stream.channelArn(), now);
        lowLatency.remove(stream.channelArn());
        return hls;
    }

    private HlsStream normal(StreamDescriptor stream, String name) {
        return new HlsStream(stream, name, (int) config.segmentTarget().toMillis(), Math.max(2, config.window()),
                config.maxSegmentBytes(), System::currentTimeMillis);
    }

    private <T> void ended(ConcurrentHashMap<String, T> streams, String channelArn, T stream, Runnable endList) {
        vertx.setTimer(Math.max(1, config.endListAfter().toMillis()), id -> endList.run());
        vertx.setTimer(Math.max(1, config.endedRetention().toMillis()), id -> {
            if (streams.remove(channelArn, stream)) {
                renditions.computeIfPresent(channelArn, (k, r) -> r.source == stream ? null : r);
            }
        });
    }

    /** The renditions of a {@code NORMAL} channel held by this replica (live or ended). */
    public Optional<Renditions> renditions(String channelArn) {
        return Optional.ofNullable(renditions.get(channelArn));
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
