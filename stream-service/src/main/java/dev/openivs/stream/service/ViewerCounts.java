package dev.openivs.stream.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

/**
 * {@code viewerCount} of GetStream/ListStreams: the sum of what the registered counters (the playback edge) say;
 * 0 when no playback output is running.
 */
@ApplicationScoped
public class ViewerCounts {
    /** Implemented by playback outputs that know their viewers. */
    public interface Counter {
        long viewers(String channelArn);
    }

    private final Instance<Counter> counters;

    public ViewerCounts(@Any Instance<Counter> counters) {
        this.counters = counters;
    }

    public Long count(String channelArn) {
        long total = 0;
        for (Counter c : counters) {
            total += c.viewers(channelArn);
        }
        return total;
    }
}
