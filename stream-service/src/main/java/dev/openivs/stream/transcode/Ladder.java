package dev.openivs.stream.transcode;

import java.util.ArrayList;
import java.util.List;

/**
 * The transcoding ladders of IVS's channel types (MEDIA-PLANE.md §1.3/§1.4), the one place they are written down in
 * code (the README's ladder table mirrors it). Values AWS leaves open are chosen here:
 * <ul>
 * <li>STANDARD passes the source through as its top rendition when the input is 720p or more (named after its own
 * height and frame rate; for 720p input that is the 720p rung), instead of re-encoding it at the same size;</li>
 * <li>every transcoded video is H.264 Main, level 3.1 (4.0 for 720p60: 1280x720 at 60 fps exceeds 3.1), no
 * B-frames, keyframes exactly where the source has them (so segments and parts align across renditions);</li>
 * <li>rendition sizes keep the input's aspect ratio at the rung's height (even width): 852x480, 640x360, 284x160
 * for 16:9;</li>
 * <li>inputs below 480 lines (no row in AWS's tables) play as their source only, as BASIC does;</li>
 * <li>60 fps rungs above 720 lines are 60 only when the input runs above 30 fps (≥ 45).</li>
 * </ul>
 */
public final class Ladder {
    public static final String STANDARD = "STANDARD";
    public static final String ADVANCED_SD = "ADVANCED_SD";
    public static final String ADVANCED_HD = "ADVANCED_HD";
    public static final String CONSTRAINED = "CONSTRAINED_BANDWIDTH_DELIVERY";
    public static final String AUDIO_ONLY = "audio_only";

    /** A rung of a table: height, frame rate (0 = the input's, capped at 60), video kbit/s, audio kbit/s. */
    private record Rung(int height, int fps, int videoKbps, int audioKbps) {
    }

    private static final List<Rung> STANDARD_LOW = List.of(new Rung(480, 30, 1400, 0), new Rung(360, 30, 630, 64),
            new Rung(160, 30, 230, 48));
    /** STANDARD's 720p rungs (the top one below 1080p input, and the multitrack ladder's). */
    private static final Rung STANDARD_HD_60 = new Rung(720, 60, 3400, 0);
    private static final Rung STANDARD_HD_30 = new Rung(720, 30, 2400, 0);
    private static final List<Rung> ADVANCED_HIGHER = List.of(new Rung(480, 30, 1300, 128),
            new Rung(360, 30, 700, 64), new Rung(160, 30, 270, 48));
    private static final List<Rung> ADVANCED_CONSTRAINED = List.of(new Rung(480, 30, 800, 128),
            new Rung(360, 30, 400, 64), new Rung(160, 30, 220, 48));
    private static final int AUDIO_ONLY_KBPS = 64;
    /** The smallest input AWS's ladder tables have a row for (480p); below it the source plays alone. */
    static final int MIN_INPUT_LINES = 480;

    private Ladder() {
    }

    /** Whether channels of this type are transcoded (BASIC is transmuxed: the source only). */
    public static boolean transcodes(String channelType) {
        return STANDARD.equals(channelType) || ADVANCED_SD.equals(channelType) || ADVANCED_HD.equals(channelType);
    }

    /**
     * The renditions of a stream, highest first: a single passthrough for BASIC (or an unknown input size).
     *
     * @param preset HIGHER_BANDWIDTH_DELIVERY (default) or CONSTRAINED_BANDWIDTH_DELIVERY (ADVANCED only)
     */
    public static List<Rendition> of(String channelType, String preset, int width, int height, double inputFps) {
        int fps = inputFps > 0 ? (int) Math.round(inputFps) : 30;
        Rendition source = new Rendition(Rendition.name(height, Math.min(fps, 60)), width, height, fps, 0, 0, true);
        if (!transcodes(channelType) || width <= 0 || height <= 0 || Math.min(width, height) < MIN_INPUT_LINES) {
            return List.of(source);
        }
        boolean high = fps >= 45;
        List<Rendition> out = new ArrayList<>();
        if (STANDARD.equals(channelType)) {
            if (height >= 720) {
                out.add(source);
            }
            if (height > 720) {
                add(out, high ? STANDARD_HD_60 : STANDARD_HD_30, width, height);
            }
            for (Rung r : STANDARD_LOW) {
                add(out, r, width, height);
            }
            return out;
        }
        boolean constrained = CONSTRAINED.equals(preset);
        if (ADVANCED_HD.equals(channelType)) {
            if (height >= 720) {
                add(out, new Rung(720, high ? 60 : 30, high ? (constrained ? 2200 : 3000)
                        : (constrained ? 1900 : 2300), 128), width, height);
            } else if (height > 480) {
                // "source transcoded": the input's own size at the 720p30 rates
                add(out, new Rung(height, 30, constrained ? 1900 : 2300, 128), width, height);
            }
        }
        for (Rung r : constrained ? ADVANCED_CONSTRAINED : ADVANCED_HIGHER) {
            add(out, r, width, height);
        }
        out.add(new Rendition(AUDIO_ONLY, 0, 0, 0, 0, AUDIO_ONLY_KBPS, false));
        return out;
    }

    /** The most video tracks GetClientConfiguration hands out (IVS leaves it unknown; chosen). */
    public static final int MAX_MULTITRACK_TRACKS = 4;
    /** The multitrack ladder's rungs below 720p: STANDARD's rungs (same heights, frame rates and bitrates). */
    private static final int FULL_HD_30_KBPS = 4500;
    private static final int FULL_HD_60_KBPS = 6000;

    /**
     * The video tracks GetClientConfiguration asks a multitrack encoder for, highest first: 1080p (only when the
     * channel's {@code maximumResolution} is FULL_HD), 720p, then STANDARD's 480p/360p/160p rungs, none above the
     * canvas height or {@code maxLines}; 60 fps (the client's rate) above 480 lines when the client runs above
     * 30 fps, else the client's rate capped at 30; at most {@code maxTracks} (capped at
     * {@link #MAX_MULTITRACK_TRACKS}); while their bitrates sum above {@code maxKbps} (0 = no cap) the lowest
     * tracks are dropped, and when the top one alone is above it the ladder starts one rung lower. The width keeps the canvas's aspect ratio (even). {@code fps} of each rendition is
     * rounded; the caller keeps the exact fraction.
     */
    public static List<Rendition> multitrack(int maxLines, int canvasWidth, int canvasHeight, double fps,
            int maxTracks, int maxKbps) {
        boolean high = fps >= 45;
        List<Rung> rungs = new ArrayList<>();
        rungs.add(new Rung(1080, high ? 60 : 30, high ? FULL_HD_60_KBPS : FULL_HD_30_KBPS, 0));
        rungs.add(high ? STANDARD_HD_60 : STANDARD_HD_30);
        rungs.addAll(STANDARD_LOW);
        int top = Math.min(maxLines, canvasHeight);
        List<Rendition> out = new ArrayList<>();
        for (Rung r : rungs) {
            if (r.height() <= top) {
                add(out, r, canvasWidth, canvasHeight);
            }
        }
        if (out.isEmpty()) {
            add(out, new Rung(canvasHeight, 30, 230, 0), canvasWidth, canvasHeight);
        }
        int limit = Math.max(1, Math.min(MAX_MULTITRACK_TRACKS, maxTracks <= 0 ? MAX_MULTITRACK_TRACKS : maxTracks));
        for (int start = 0;; start++) {
            List<Rendition> picked = new ArrayList<>(out.subList(start, Math.min(out.size(), start + limit)));
            while (picked.size() > 1 && over(picked, maxKbps)) {
                picked.remove(picked.size() - 1); // fewer tracks first, the top one kept
            }
            if (!over(picked, maxKbps) || start == out.size() - 1) {
                return picked;
            }
        }
    }

    private static boolean over(List<Rendition> tracks, int maxKbps) {
        return maxKbps > 0 && tracks.stream().mapToInt(Rendition::videoKbps).sum() > maxKbps;
    }

    private static void add(List<Rendition> out, Rung r, int width, int height) {
        if (r.height() > height) {
            return; // no rendition above the input
        }
        int w = (int) Math.round((double) width * r.height() / height);
        w -= w % 2;
        out.add(new Rendition(Rendition.name(r.height(), r.fps()), w, r.height(), r.fps(), r.videoKbps(),
                r.audioKbps(), false));
    }

    /** The H.264 level of a transcoded rung (Main profile): 3.1 up to 720p30, 4.0 for 720p60. */
    public static String level(Rendition r) {
        return r.height() >= 720 && r.fps() > 30 ? "4.0" : "3.1";
    }
}
