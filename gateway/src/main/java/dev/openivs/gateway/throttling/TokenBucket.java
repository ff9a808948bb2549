package dev.openivs.gateway.throttling;

/**
 * A token bucket refilled continuously at {@code rate} tokens per second, holding at most one second's worth
 * (at least one token), so a burst of {@code rate} requests passes and the rest of the second is throttled.
 */
final class TokenBucket {
    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long lastRefill;
    private volatile long lastUsed;

    TokenBucket(double ratePerSecond, long now) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.capacity = Math.max(1.0, ratePerSecond);
        this.tokens = capacity;
        this.lastRefill = now;
        this.lastUsed = now;
    }

    synchronized boolean tryAcquire(long now) {
        lastUsed = now;
        if (now > lastRefill) {
            tokens = Math.min(capacity, tokens + (now - lastRefill) * ratePerNano);
            lastRefill = now;
        }
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return true;
        }
        return false;
    }

    /** True when unused long enough to be full again: it can be dropped and recreated without changing behaviour. */
    boolean idleSince(long now, long idleNanos) {
        return now - lastUsed > idleNanos;
    }
}
