package dev.openivs.stream.edge;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lindstrom.m3u8.model.MediaSegment;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Playlist URLs in the playback edge's tests: a channel's multivariant playlist and its source media playlist; where
 * a parsed media playlist marks an ad break.
 */
public final class PlaylistUrls {
    private static final Pattern SOURCE_VARIANT = Pattern.compile("\n([^#\n][^\n]*source\\.m3u8)\n");

    private PlaylistUrls() {
    }

    /** The channel's playbackUrl on the test's playback port (the fixture's URLs name port 8090). */
    public static String multivariantUrl(int port, String channelArn) {
        String[] arn = channelArn.split(":");
        return "http://127.0.0.1:" + port + "/api/video/v1/" + arn[3] + "." + arn[4] + ".channel."
                + arn[5].substring("channel/".length()) + ".m3u8";
    }

    /** The source rendition's media playlist URL, as listed in the multivariant playlist {@code body}. */
    public static String sourceMediaUrl(String multivariantUrl, String body) {
        Matcher m = SOURCE_VARIANT.matcher(body);
        assertTrue(m.find(), body);
        return multivariantUrl.substring(0, multivariantUrl.lastIndexOf('/') + 1) + m.group(1);
    }

    /** The indexes of the segments with the last {@code EXT-X-CUE-OUT} and the last {@code EXT-X-CUE-IN} (-1: none). */
    public static int[] adBreakBounds(List<MediaSegment> segments) {
        int out = -1;
        int in = -1;
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).cueOut().isPresent()) {
                out = i;
            }
            if (segments.get(i).cueIn()) {
                in = i;
            }
        }
        return new int[] {out, in};
    }
}
