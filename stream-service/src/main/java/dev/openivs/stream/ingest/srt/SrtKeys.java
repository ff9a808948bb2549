package dev.openivs.stream.ingest.srt;

import dev.openivs.internal.channel.InternalChannel;
import dev.openivs.stream.ingest.PublishAuthorizer;
import dev.openivs.stream.ingest.PublishRefused;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the SRT handshake needs to know about a stream key, kept in memory because libsrt asks for it in its
 * receiver thread (which also carries every other stream of the port, so it must not wait long): the channel,
 * its passphrase and whether it allows insecure ingest. A key not cached is looked up (the same lookup as any
 * publish) and waited for at most {@code lookupWait}; the answer stays for {@code ttl}, an unknown key for
 * {@code unknownTtl}. The publish that follows the handshake checks the key again, so a cached answer never lets
 * a deleted key stream.
 */
final class SrtKeys {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SrtKeys.class);
    static final int MAX_ENTRIES = 10_000;

    /** The handshake's view of a key: {@code channel} null when the key is unknown. */
    record Key(String channelArn, String passphrase, boolean insecureIngest, long expiresAtNanos) {
        boolean known() {
            return channelArn != null;
        }
    }

    private final PublishAuthorizer authorizer;
    private final long ttlNanos;
    private final long unknownTtlNanos;
    private final Map<String, CompletableFuture<Key>> keys = new ConcurrentHashMap<>();

    SrtKeys(PublishAuthorizer authorizer, Duration ttl, Duration unknownTtl) {
        this.authorizer = authorizer;
        this.ttlNanos = ttl.toNanos();
        this.unknownTtlNanos = unknownTtl.toNanos();
    }

    /**
     * The key's answer, waiting at most {@code wait} for a lookup; null when it did not come in time (or the
     * neighbours failed): the lookup goes on and fills the cache for the caller's next attempt.
     */
    Key get(String streamKey, Duration wait) {
        long now = System.nanoTime();
        CompletableFuture<Key> entry = keys.get(streamKey);
        if (entry != null && entry.isDone() && !entry.isCompletedExceptionally()
                && entry.join().expiresAtNanos() - now < 0) {
            keys.remove(streamKey, entry);
            entry = null;
        }
        if (entry == null) {
            if (keys.size() >= MAX_ENTRIES) {
                evictExpired(now);
            }
            CompletableFuture<Key> fresh = new CompletableFuture<>();
            entry = keys.putIfAbsent(streamKey, fresh);
            if (entry == null) {
                entry = fresh;
                try {
                    lookup(streamKey, fresh);
                } catch (RuntimeException e) {
                    LOG.warnf("SRT key lookup failed to start: %s", e.toString());
                    fresh.completeExceptionally(e);
                    keys.remove(streamKey, fresh);
                }
            }
        }
        try {
            return entry.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            keys.remove(streamKey, entry);
            return null;
        }
    }

    private void lookup(String streamKey, CompletableFuture<Key> into) {
        authorizer.channelOf(streamKey).subscribe().with(keyed -> {
            try {
                InternalChannel channel = InternalChannel.of(keyed.channel());
                String passphrase = channel.srt() == null ? null : channel.srt().passphrase();
                into.complete(new Key(keyed.key().channelArn(), passphrase == null ? "" : passphrase,
                        Boolean.TRUE.equals(channel.insecureIngest()), System.nanoTime() + ttlNanos));
            } catch (RuntimeException e) {
                LOG.warnf("SRT key lookup: unreadable channel: %s", e.toString());
                into.completeExceptionally(e);
                keys.remove(streamKey, into);
            }
        }, e -> {
            if (e instanceof PublishRefused r && PublishAuthorizer.KEY_REFUSED.equals(r.description())) {
                into.complete(new Key(null, null, false, System.nanoTime() + unknownTtlNanos));
            } else {
                LOG.warnf("SRT key lookup failed: %s", e.toString());
                into.completeExceptionally(e); // neighbours unavailable: not remembered
                keys.remove(streamKey, into);
            }
        });
    }

    private void evictExpired(long now) {
        for (Iterator<CompletableFuture<Key>> it = keys.values().iterator(); it.hasNext(); ) {
            CompletableFuture<Key> f = it.next();
            if (!f.isDone() || f.isCompletedExceptionally() || f.join().expiresAtNanos() - now < 0) {
                if (f.isDone()) {
                    it.remove();
                }
            }
        }
        if (keys.size() >= MAX_ENTRIES) {
            keys.clear(); // a flood of distinct keys: forget them all rather than grow
        }
    }
}
