package dev.openivs.stream.edge;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Playlist URLs in the playback edge's tests: a channel's multivariant playlist and its source media playlist. */
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
}
