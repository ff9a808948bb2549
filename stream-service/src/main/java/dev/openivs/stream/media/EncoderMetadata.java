package dev.openivs.stream.media;

import java.util.Map;

/** Reads the encoder's {@code onMetaData} (numbers from ffmpeg, sometimes strings from other encoders). */
public final class EncoderMetadata {
    private EncoderMetadata() {
    }

    public static int number(Map<String, Object> metadata, String key) {
        Object v = metadata == null ? null : metadata.get(key);
        if (v instanceof Number n) {
            return n.intValue();
        }
        if (v instanceof String s) {
            try {
                return (int) Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    public static double framerate(Map<String, Object> metadata) {
        Object v = metadata == null ? null : metadata.get("framerate");
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    /** The declared audio + video bitrate in bit/s (0 when the encoder does not say). */
    public static long declaredBandwidth(Map<String, Object> metadata) {
        return (number(metadata, "videodatarate") + number(metadata, "audiodatarate")) * 1000L;
    }
}
