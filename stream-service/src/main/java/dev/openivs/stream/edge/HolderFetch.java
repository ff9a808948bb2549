package dev.openivs.stream.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openivs.aws.IvsConfig;
import dev.openivs.events.context.SafeContext;
import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.media.StreamDescriptor;
import dev.openivs.stream.session.LiveHolder;
import dev.openivs.stream.session.Replica;
import dev.openivs.stream.session.StreamSessionService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The edge side of channels held by another replica: finds the holder (the live session row names it and its
 * playback address), fetches playlists, segments, parts and init segments from its playback edge over the internal
 * network (HTTP/1.1 keep-alive, the internal token marks the fetch as a peer's: no access check and no viewer
 * counted there, since this replica checks and counts its own viewers), and keeps what it fetched:
 *
 * <ul>
 * <li>segments, parts and init segments never change under their URL: kept in a least-recently-used cache bounded
 * by {@code edge-cache-bytes};</li>
 * <li>playlists for {@code edge-playlist-ttl} (0.5 s, never beyond their max-age); a blocking reload's answer
 * ({@code _HLS_msn/_HLS_part} in the key) for its max-age (6 part targets), as a CDN keeps it;</li>
 * <li>concurrent requests for the same object (same holder, path and blocking-reload query) share one fetch, so a
 * thousand viewers parked on the next part cost the holder one parked request.</li>
 * </ul>
 * Errors (404, 503, 400) are passed on, never kept. An unreachable holder answers 503 (Retry-After: 1) and is
 * looked up again.
 */
@ApplicationScoped
public class HolderFetch {
    private static final Logger LOG = Logger.getLogger(HolderFetch.class);
    private static final Pattern MAX_AGE = Pattern.compile("max-age=([0-9]+)");
    private static final Pattern RESOLUTION = Pattern.compile("RESOLUTION=([0-9]+)x([0-9]+)");
    /** Longer than the holder's longest blocking wait (6 s), so a parked request is answered, not cut. */
    private static final int FETCH_TIMEOUT_MS = 10_000;
    private static final int MAX_PLAYLISTS = 10_000;

    /** A channel held elsewhere: its live session's holder and the descriptor of that session. */
    public record Holder(LiveHolder row, StreamDescriptor descriptor) {
    }

    /** A holder's answer, as passed on to viewers. */
    record Answer(int status, String type, String cache, String etag, String lastModified, String retryAfter,
            Buffer body) {
        boolean ok() {
            return status == 200;
        }
    }

    private record Timed<T>(long untilMs, T value) {
    }

    private final Vertx vertx;
    private final StreamConfig.Playback config;
    private final StreamSessionService sessions;
    private final Replica replica;
    private final String internalToken;
    private final ObjectMapper mapper;
    private final Map<String, Timed<CompletableFuture<Holder>>> holders = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Answer>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Timed<Answer>> playlists = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, Answer> media = new LinkedHashMap<>(256, 0.75f, true);
    private long mediaBytes;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong joined = new AtomicLong();
    private volatile HttpClient client;
    private long statsTimer = -1;

    public HolderFetch(Vertx vertx, StreamConfig config, StreamSessionService sessions, Replica replica,
            IvsConfig ivs, ObjectMapper mapper) {
        this.vertx = vertx;
        this.config = config.playback();
        this.sessions = sessions;
        this.replica = replica;
        this.internalToken = ivs.internalToken();
        this.mapper = mapper;
    }

    void start(@Observes StartupEvent event) {
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setMaxPoolSize(64).setIdleTimeout(30).setConnectTimeout(2_000).setTryUseCompression(false));
        long[] last = {0};
        statsTimer = vertx.setPeriodic(30_000, id -> {
            long total = hits.get() + fetches.get() + joined.get();
            if (total != last[0]) {
                last[0] = total;
                LOG.infof("edge cache (channels held elsewhere): %s", stats());
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (statsTimer >= 0) {
            vertx.cancelTimer(statsTimer);
        }
        if (client != null) {
            client.close();
        }
    }

    /** Hits, upstream fetches and requests that joined a fetch in flight, since start. */
    public String stats() {
        long h = hits.get();
        long f = fetches.get();
        long j = joined.get();
        long all = Math.max(1, h + f + j);
        synchronized (media) {
            return String.format("%d requests, %d cache hits, %d joined a fetch in flight, %d fetched from holders"
                    + " (%.1f %% answered without a fetch); %d media objects, %d bytes cached", h + f + j, h, j, f,
                    100.0 * (h + j) / all, media.size(), mediaBytes);
        }
    }

    /**
     * The replica holding the channel's live session when it is another one that advertises a playback address;
     * null when the channel is offline or held here. Remembered for {@code edge-holder-ttl}.
     */
    public CompletableFuture<Holder> holder(String channelArn) {
        long now = System.currentTimeMillis();
        Timed<CompletableFuture<Holder>> known = holders.get(channelArn);
        if (known != null && known.untilMs() > now) {
            return known.value();
        }
        if (holders.size() > MAX_PLAYLISTS) {
            holders.values().removeIf(t -> t.untilMs() <= now);
        }
        CompletableFuture<Holder> f = SafeContext.on(vertx, () -> sessions.holder(channelArn))
                .map(this::holderOf).subscribeAsCompletionStage();
        holders.put(channelArn, new Timed<>(now + config.edgeHolderTtl().toMillis(), f));
        return f;
    }

    private Holder holderOf(LiveHolder row) {
        if (row == null || row.playbackUrl() == null || row.instance().equals(replica.id())) {
            return null;
        }
        JsonNode channel;
        try {
            channel = mapper.readTree(row.channelJson());
        } catch (java.io.IOException e) {
            LOG.warnf("session %s: unreadable channel snapshot", row.streamId());
            return null;
        }
        return new Holder(row, StreamDescriptor.of(row.streamId(), row.channelArn(), row.account(),
                row.channelName(), row.startTime(), channel));
    }

    /** Forgets the holder of a channel (it did not answer): the next request looks it up again. */
    void forget(String channelArn) {
        holders.remove(channelArn);
    }

    /**
     * The holder's answer to {@code GET path[?query]} (query: the blocking-reload parameters only), from the cache
     * or one fetch shared by every concurrent request for it. Completes on a Vert.x thread.
     *
     * @param immutable whether the object never changes under its URL (segments, parts, init segments)
     */
    CompletableFuture<Answer> get(Holder h, String path, String query, boolean immutable) {
        String key = h.row().playbackUrl() + path + (query == null ? "" : "?" + query);
        long now = System.currentTimeMillis();
        Answer cached = cached(key, immutable, now);
        if (cached != null) {
            hits.incrementAndGet();
            return CompletableFuture.completedFuture(cached);
        }
        CompletableFuture<Answer> mine = new CompletableFuture<>();
        CompletableFuture<Answer> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            joined.incrementAndGet();
            return running;
        }
        fetches.incrementAndGet();
        fetch(h, key).whenComplete((a, err) -> {
            Answer answer = err == null ? a : unreachable(h, err);
            keep(key, answer, immutable, query != null);
            inFlight.remove(key, mine);
            mine.complete(answer);
        });
        return mine;
    }

    private Answer cached(String key, boolean immutable, long now) {
        if (immutable) {
            synchronized (media) {
                return media.get(key);
            }
        }
        Timed<Answer> t = playlists.get(key);
        return t != null && t.untilMs() > now ? t.value() : null;
    }

    private void keep(String key, Answer a, boolean immutable, boolean blocking) {
        if (!a.ok()) {
            return;
        }
        if (immutable) {
            synchronized (media) {
                Answer old = media.put(key, a);
                mediaBytes += a.body().length() - (old == null ? 0 : old.body().length());
                Iterator<Answer> oldest = media.values().iterator();
                while (mediaBytes > config.edgeCacheBytes() && oldest.hasNext()) {
                    mediaBytes -= oldest.next().body().length();
                    oldest.remove();
                }
            }
            return;
        }
        Matcher m = MAX_AGE.matcher(a.cache() == null ? "" : a.cache());
        long maxAgeMs = m.find() ? Long.parseLong(m.group(1)) * 1000 : 1000;
        long ttl = blocking ? maxAgeMs : Math.min(maxAgeMs, config.edgePlaylistTtl().toMillis());
        long now = System.currentTimeMillis();
        if (playlists.size() > MAX_PLAYLISTS) {
            playlists.values().removeIf(t -> t.untilMs() <= now);
        }
        playlists.put(key, new Timed<>(now + ttl, a));
    }

    private CompletableFuture<Answer> fetch(Holder h, String url) {
        CompletableFuture<Answer> done = new CompletableFuture<>();
        client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                        .setTimeout(FETCH_TIMEOUT_MS).putHeader(EdgeRequests.PEER, internalToken))
                .compose(req -> req.send())
                .compose(res -> res.body().map(body -> answer(res, body)))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        done.complete(ar.result());
                    } else {
                        done.completeExceptionally(ar.cause());
                    }
                });
        return done;
    }

    private static Answer answer(HttpClientResponse res, Buffer body) {
        return new Answer(res.statusCode(), res.getHeader("Content-Type"), res.getHeader("Cache-Control"),
                res.getHeader("ETag"), res.getHeader("Last-Modified"), res.getHeader("Retry-After"), body);
    }

    private Answer unreachable(Holder h, Throwable err) {
        LOG.debugf("holder %s of %s unreachable: %s", h.row().instance(), h.row().channelArn(), err.toString());
        forget(h.row().channelArn());
        return new Answer(503, "text/plain; charset=utf-8", "no-store", null, null, "1",
                Buffer.buffer("the replica holding this channel did not answer; retry\n"));
    }

    /**
     * A held-elsewhere stream as {@link PlaybackAccess} needs it: playable when the holder serves its multivariant
     * playlist, of the size that playlist names.
     */
    PlaybackAccess.Source source(Holder h, String multivariantPath) {
        return () -> get(h, multivariantPath, null, false).thenApply(a -> {
            if (!a.ok()) {
                return null;
            }
            // the smallest rendition the holder lists: a token's maximum resolution needs only one within it
            Matcher m = RESOLUTION.matcher(a.body().toString());
            int[] smallest = null;
            while (m.find()) {
                smallest = PlaybackAccess.smaller(smallest, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            }
            return smallest == null ? new int[2] : smallest;
        });
    }
}
