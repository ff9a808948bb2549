package dev.openivs.stream.recording;

/**
 * The media properties that decide whether a reconnect may continue a recording (IVS: equal width/height, frame
 * rate and codecs, video bitrate within 50 %). {@code bitrate} is the declared video bitrate in bit/s, 0 if unknown.
 */
public record MediaProperties(int width, int height, double framerate, String codecs, long bitrate) {

    public boolean mergeableWith(MediaProperties other) {
        if (width != other.width || height != other.height || !codecs.equals(other.codecs)
                || Math.abs(framerate - other.framerate) > 0.01) {
            return false;
        }
        if (bitrate <= 0 || other.bitrate <= 0) {
            return bitrate == other.bitrate;
        }
        return Math.abs(bitrate - other.bitrate) <= 0.5 * bitrate;
    }
}
