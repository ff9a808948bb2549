package dev.openivs.stream.live;

import java.util.ArrayList;
import java.util.List;

/**
 * Ingest limits by channel type (IVS channel types): every type accepts input up to 1080p (1920×1080 =
 * 2,073,600 pixels, longest edge 1920); BASIC up to 1.5 Mbps at 480p or less and 3.5 Mbps above; STANDARD and
 * ADVANCED_* up to 8.5 Mbps. Bitrate is audio + video measured over the health window.
 */
public final class ChannelLimits {
    public static final long MAX_PIXELS = 1920L * 1080L;
    public static final long MAX_EDGE = 1920;

    /** One breach, shaped as the "IVS Limit Breach" detail. */
    public record Breach(String limitName, long limitValue, long exceededBy, String limitUnit) {
    }

    private ChannelLimits() {
    }

    public static long bitrateLimit(String channelType, long height) {
        if ("BASIC".equals(channelType)) {
            return height > 0 && height <= 480 ? 1_500_000L : 3_500_000L;
        }
        return 8_500_000L;
    }

    public static List<Breach> check(String channelType, long width, long height, double bitrate, double tolerance) {
        List<Breach> breaches = new ArrayList<>();
        if (width > 0 && height > 0) {
            long pixels = width * height;
            if (pixels > MAX_PIXELS) {
                breaches.add(new Breach("Ingest Resolution", MAX_PIXELS, pixels - MAX_PIXELS, "total pixels"));
            } else if (Math.max(width, height) > MAX_EDGE) {
                long edge = Math.max(width, height);
                breaches.add(new Breach("Ingest Resolution", MAX_EDGE, edge - MAX_EDGE, "pixels per edge"));
            }
        }
        long limit = bitrateLimit(channelType, height);
        if (bitrate > limit * (1 + tolerance)) {
            breaches.add(new Breach("Ingest Bitrate", limit, Math.round(bitrate) - limit, "bits per second"));
        }
        return breaches;
    }
}
