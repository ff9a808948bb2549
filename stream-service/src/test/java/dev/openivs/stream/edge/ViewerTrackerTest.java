package dev.openivs.stream.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ViewerTrackerTest {
    private static final String A = "arn:aws:ivs:us-west-2:123456789012:channel/a";

    @Test
    void shouldCountDistinctViewersWhileTheyReloadAndForgetThemAfterwards() {
        ViewerTracker t = new ViewerTracker();
        t.seen(A, "10.0.0.1|hls.js", 0);
        t.seen(A, "10.0.0.2|hls.js", 0);
        t.seen(A, "10.0.0.1|hls.js", 2_000);
        t.seen(A, "10.0.0.1|hls.js", 2_000);
        assertEquals(2, t.count(A, 3_000));
        assertEquals(0, t.count("arn:aws:ivs:us-west-2:123456789012:channel/b", 3_000));
        assertEquals(1, t.count(A, 1 + ViewerTracker.ACTIVE_MS), "only the viewer that kept reloading");
        t.prune(2_001 + ViewerTracker.ACTIVE_MS);
        assertEquals(0, t.count(A, 2_001 + ViewerTracker.ACTIVE_MS));
    }
}
