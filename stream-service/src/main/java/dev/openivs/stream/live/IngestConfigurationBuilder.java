package dev.openivs.stream.live;

import dev.openivs.stream.mapping.AudioConfiguration;
import dev.openivs.stream.mapping.IngestConfiguration;
import dev.openivs.stream.mapping.VideoConfiguration;
import dev.openivs.stream.media.AacConfig;
import dev.openivs.stream.media.AvcConfig;
import dev.openivs.stream.media.H264Sps;
import dev.openivs.stream.media.VideoConfig;
import java.util.Map;

/**
 * Builds the session's {@code ingestConfiguration} from the encoder's onMetaData (ffmpeg sends numbers, OBS also
 * strings such as {@code videocodecid: "avc1"}; keys may be missing; MPEG-TS over SRT has none) and the sequence
 * headers, which win where both say something (codec strings, profile, level, sample rate, channels) and fill in
 * what the metadata lacks (size and VUI frame rate from the SPS).
 */
public final class IngestConfigurationBuilder {
    public static final String TRACK = "Track0";

    private IngestConfigurationBuilder() {
    }

    public static IngestConfiguration build(Map<String, Object> metadata, VideoConfig videoConfig, AacConfig aac) {
        return build(metadata, videoConfig, aac, null);
    }

    /** With the further video tracks of a multitrack publish ({@code tracks}, null or empty for one track). */
    public static IngestConfiguration build(Map<String, Object> metadata, VideoConfig videoConfig, AacConfig aac,
            java.util.List<VideoConfiguration> tracks) {
        Map<String, Object> m = metadata == null ? Map.of() : metadata;
        VideoConfiguration video = null;
        if (videoConfig != null || m.containsKey("width") || m.containsKey("videocodecid")) {
            video = video(m, videoConfig, TRACK);
        }
        AudioConfiguration audio = null;
        if (aac != null || m.containsKey("audiocodecid") || m.containsKey("audiosamplerate")) {
            Long channels = aac != null && aac.channels() > 0 ? Long.valueOf(aac.channels()) : channels(m);
            Long rate = aac != null ? Long.valueOf(aac.sampleRate()) : whole(m.get("audiosamplerate"));
            audio = new AudioConfiguration(aac == null ? null : aac.codecString(), kilo(m.get("audiodatarate")), rate,
                    channels, TRACK);
        }
        return new IngestConfiguration(video, audio, tracks == null || tracks.isEmpty() ? null : tracks);
    }

    /**
     * One video track: what the metadata says, the sequence header's codec string, profile and level, and where
     * the metadata lacks them the size (SPS, HEVC SPS, AV1 sequence header) and the H.264 VUI frame rate.
     * {@code avcProfile}/{@code avcLevel} are set for H.264 only.
     */
    static VideoConfiguration video(Map<String, Object> m, VideoConfig c, String track) {
        String profile = c == null ? null : c.profileName();
        String level = c == null ? null : c.levelName();
        Long width = whole(m.get("width"));
        Long height = whole(m.get("height"));
        Long framerate = whole(m.get("framerate"));
        if (c != null && (width == null || height == null)) {
            // no onMetaData (SRT's MPEG-TS has none) or an incomplete one: what the sequence header says
            int[] size = c.size();
            if (size != null) {
                width = (long) size[0];
                height = (long) size[1];
            }
        }
        if (c instanceof AvcConfig avc && framerate == null && !avc.sps().isEmpty()) {
            double fps = H264Sps.frameRate(avc.sps().get(0));
            if (fps > 0) {
                framerate = Math.round(fps);
            }
        }
        boolean avc = c == null || c instanceof AvcConfig;
        return new VideoConfiguration(avc ? profile : "", avc ? level : "", c == null ? null : c.codecString(),
                string(m.get("encoder")), kilo(m.get("videodatarate")), framerate, height, width, level, track,
                profile);
    }

    /**
     * A further track of a multitrack publish ({@code Track{id}}): its sequence header's codec, profile, level and
     * size, and the frame rate and bitrate measured on its frames (0 or less: not known yet).
     */
    public static VideoConfiguration track(int id, VideoConfig c, double framerate, long bitsPerSecond) {
        Map<String, Object> m = new java.util.HashMap<>();
        if (framerate > 0) {
            m.put("framerate", framerate);
        }
        if (bitsPerSecond > 0) {
            m.put("videodatarate", bitsPerSecond / 1000.0);
        }
        return video(m, c, "Track" + id);
    }

    private static Long channels(Map<String, Object> m) {
        Double n = number(m.get("audiochannels"));
        if (n != null) {
            return n.longValue();
        }
        Object stereo = m.get("stereo");
        if (stereo instanceof Boolean b) {
            return b ? 2L : 1L;
        }
        return null;
    }

    static Double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.valueOf(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Long whole(Object v) {
        Double d = number(v);
        return d == null || d.isNaN() || d.isInfinite() ? null : Math.round(d);
    }

    /** kbit/s in onMetaData to bit/s. */
    private static Long kilo(Object v) {
        Double d = number(v);
        return d == null || d.isNaN() || d.isInfinite() ? null : Math.round(d * 1000);
    }

    private static String string(Object v) {
        return v == null ? null : v.toString();
    }
}
