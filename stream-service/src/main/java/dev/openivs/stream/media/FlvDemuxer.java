package dev.openivs.stream.media;

import java.util.Map;

/**
 * Turns the bodies of RTMP audio (8) and video (9) messages (FLV AUDIODATA / VIDEODATA) into sink calls.
 * H.264 and AAC only: other codecs, Enhanced-RTMP FourCC tags and the AVC end-of-sequence marker are reported as
 * {@link Result} values and not passed on. Also unwraps the 32-bit RTMP timestamps.
 */
public final class FlvDemuxer {
    /** What a tag was, for statistics and diagnostics. */
    public enum Result { VIDEO_CONFIG, VIDEO_FRAME, KEYFRAME, AUDIO_CONFIG, AUDIO_FRAME, IGNORED, UNSUPPORTED }

    private final MediaSink out;
    private long lastRaw = -1;
    private long epoch;

    public FlvDemuxer(MediaSink out) {
        this.out = out;
    }

    /** Widens a 32-bit RTMP timestamp to a monotonic long across the 2^32 ms wrap. */
    long unwrap(long raw) {
        if (lastRaw >= 0 && raw < lastRaw && lastRaw - raw > 0x80000000L) {
            epoch += 0x100000000L;
        } else if (lastRaw >= 0 && raw > lastRaw && raw - lastRaw > 0x80000000L && epoch > 0) {
            return epoch - 0x100000000L + raw;
        }
        lastRaw = raw;
        return epoch + raw;
    }

    public Result video(long rtmpTimestamp, byte[] p) {
        if (p.length < 1) {
            return Result.IGNORED;
        }
        int b0 = p[0] & 0xFF;
        if ((b0 & 0x80) != 0) {
            return Result.UNSUPPORTED; // Enhanced RTMP (HEVC/AV1/VP9 FourCC): not IVS's H.264 ingest
        }
        int frameType = b0 >>> 4;
        int codec = b0 & 0x0F;
        if (codec != 7) {
            return Result.UNSUPPORTED;
        }
        if (frameType == 5 || p.length < 5) {
            return Result.IGNORED; // video info/command frame
        }
        int packetType = p[1] & 0xFF;
        int cts = ((p[2] << 16) | ((p[3] & 0xFF) << 8) | (p[4] & 0xFF)); // SI24, sign from p[2]
        long ts = unwrap(rtmpTimestamp);
        switch (packetType) {
            case 0:
                try {
                    out.onVideoConfig(AvcConfig.parse(p, 5, p.length - 5), ts);
                } catch (IllegalArgumentException e) {
                    return Result.IGNORED;
                }
                return Result.VIDEO_CONFIG;
            case 1:
                boolean key = frameType == 1;
                out.onVideo(new VideoFrame(ts, cts, key, p, 5, p.length - 5));
                return key ? Result.KEYFRAME : Result.VIDEO_FRAME;
            default:
                return Result.IGNORED; // 2 = end of sequence
        }
    }

    public Result audio(long rtmpTimestamp, byte[] p) {
        if (p.length < 2) {
            return Result.IGNORED;
        }
        int format = (p[0] & 0xFF) >>> 4;
        if (format != 10) {
            return Result.UNSUPPORTED;
        }
        long ts = unwrap(rtmpTimestamp);
        if ((p[1] & 0xFF) == 0) {
            try {
                out.onAudioConfig(AacConfig.parse(p, 2, p.length - 2), ts);
            } catch (IllegalArgumentException e) {
                return Result.IGNORED;
            }
            return Result.AUDIO_CONFIG;
        }
        out.onAudio(new AudioFrame(ts, p, 2, p.length - 2));
        return Result.AUDIO_FRAME;
    }

    public void metadata(Map<String, Object> metadata) {
        out.onMetadata(metadata);
    }
}
