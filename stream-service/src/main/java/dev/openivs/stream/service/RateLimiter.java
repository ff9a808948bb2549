package dev.openivs.stream.service;

import java.util.concurrent.ConcurrentHashMap;

/** Fixed one-second windows per key: at most {@code limit} acquisitions per key per second. */
public final class RateLimiter {
    private final ConcurrentHashMap<String, long[]> windows = new ConcurrentHashMap<>();

    public boolean tryAcquire(String key, int limit, long nowMillis) {
        long second = nowMillis / 1000;
        boolean[] ok = new boolean[1];
        windows.compute(key, (k, w) -> {
            if (w == null || w[0] != second) {
                w = new long[] {second, 0};
            }
            if (w[1] < limit) {
                w[1]++;
                ok[0] = true;
            }
            return w;
        });
        if (windows.size() > 10_000) {
            windows.entrySet().removeIf(e -> e.getValue()[0] < second - 1);
        }
        return ok[0];
    }
}
