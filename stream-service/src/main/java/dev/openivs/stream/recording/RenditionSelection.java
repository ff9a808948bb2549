package dev.openivs.stream.recording;

import dev.openivs.stream.transcode.Rendition;
import java.util.ArrayList;
import java.util.List;

/**
 * Which renditions of a stream a recording stores ({@code renditionConfiguration}, REFERENCE §11): ALL every video
 * rendition of the ladder, NONE none, CUSTOM those whose height falls in a selected resolution bucket
 * ({@code 160 <= LOWEST_RESOLUTION <= 360 < SD <= 480 < HD <= 720 < FULL_HD <= 1080}). A selected bucket the
 * stream has no rendition in records the best available one (the highest), as the model says; so CUSTOM on a
 * BASIC channel (one rendition) records its source, as if it had no effect. The ADVANCED {@code audio_only}
 * rendition is not recorded (our choice: IVS's recording layout documents only video renditions).
 */
final class RenditionSelection {
    static final String LOWEST_RESOLUTION = "LOWEST_RESOLUTION";
    static final String SD = "SD";
    static final String HD = "HD";
    static final String FULL_HD = "FULL_HD";

    private RenditionSelection() {
    }

    /** The resolution bucket of a rendition height. */
    static String bucket(int height) {
        return height <= 360 ? LOWEST_RESOLUTION : height <= 480 ? SD : height <= 720 ? HD : FULL_HD;
    }

    /** The renditions of {@code ladder} (highest first) the configuration records, in ladder order. */
    static List<Rendition> recorded(RecordingConfiguration config, List<Rendition> ladder) {
        List<Rendition> video = ladder.stream().filter(r -> !r.audioOnly()).toList();
        if (!config.hls() || video.isEmpty()) {
            return List.of();
        }
        if (!"CUSTOM".equals(config.renditionSelection())) {
            return video;
        }
        List<Rendition> out = new ArrayList<>();
        boolean fallback = config.renditions().isEmpty();
        for (String selected : config.renditions()) {
            boolean any = false;
            for (Rendition r : video) {
                if (bucket(r.height()).equals(selected)) {
                    any = true;
                    if (!out.contains(r)) {
                        out.add(r);
                    }
                }
            }
            fallback |= !any;
        }
        if (fallback && !out.contains(video.get(0))) {
            out.add(video.get(0)); // the best available rendition
        }
        return video.stream().filter(out::contains).toList();
    }
}
