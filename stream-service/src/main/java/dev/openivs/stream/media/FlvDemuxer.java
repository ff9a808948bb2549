package dev.openivs.stream.media;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns the bodies of RTMP audio (8) and video (9) messages (FLV AUDIODATA / VIDEODATA) into sink calls, legacy FLV
 * and Enhanced RTMP (veovera v1/v2, MEDIA-PLANE §2.5) alike: video FourCC {@code avc1}, {@code hvc1} and
 * {@code av01} (extended header, {@code CodedFrames}/{@code CodedFramesX}, ModEx prefixes skipped, v2 multitrack
 * packets of every kind with each track's own id), audio {@code mp4a} (extended header, multitrack: the default
 * track only). Codecs IVS does not ingest (VP8/VP9/VVC, legacy non-H.264 video, audio other than AAC) are reported
 * as {@link Result#UNSUPPORTED} with a {@link #reason()}; metadata, command frames and sequence ends are
 * {@link Result#IGNORED}. Also unwraps the 32-bit RTMP timestamps.
 */
public final class FlvDemuxer {
    /** What a tag was, for statistics and diagnostics. */
    public enum Result { VIDEO_CONFIG, VIDEO_FRAME, KEYFRAME, AUDIO_CONFIG, AUDIO_FRAME, IGNORED, UNSUPPORTED }

    private static final int EX_SEQUENCE_START = 0;
    private static final int EX_CODED_FRAMES = 1;
    private static final int EX_CODED_FRAMES_X = 3;
    private static final int EX_VIDEO_MULTITRACK = 6;
    private static final int EX_MOD_EX = 7;
    private static final int EX_AUDIO_MULTITRACK = 5;
    private static final int MULTITRACK_ONE = 0;
    private static final int MULTITRACK_MANY_CODECS = 2;

    private final MediaSink out;
    private long lastRaw = -1;
    private long epoch;
    private String reason;
    private boolean multitrack;

    public FlvDemuxer(MediaSink out) {
        this.out = out;
    }

    /** Why the last {@link Result#UNSUPPORTED} tag was not passed on. */
    public String reason() {
        return reason;
    }

    /** Whether a video track other than the default one (track id > 0) has been seen. */
    public boolean multitrack() {
        return multitrack;
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
            return exVideo(rtmpTimestamp, p);
        }
        int frameType = b0 >>> 4;
        int codec = b0 & 0x0F;
        if (codec != 7) {
            return unsupported("video codec id " + codec + " is not supported; send H.264, HEVC or AV1");
        }
        if (frameType == 5 || p.length < 5) {
            return Result.IGNORED; // video info/command frame
        }
        int packetType = p[1] & 0xFF;
        int cts = ((p[2] << 16) | ((p[3] & 0xFF) << 8) | (p[4] & 0xFF)); // SI24, sign from p[2]
        long ts = unwrap(rtmpTimestamp);
        return switch (packetType) {
            case 0 -> config(0, "avc1", p, 5, p.length - 5, ts);
            case 1 -> frame(0, frameType, ts, cts, p, 5, p.length - 5);
            default -> Result.IGNORED; // 2 = end of sequence
        };
    }

    /** Enhanced RTMP: byte 0 = IsExVideoHeader, FrameType, VideoPacketType (MEDIA-PLANE §2.5). */
    private Result exVideo(long rtmpTimestamp, byte[] p) {
        int frameType = (p[0] >>> 4) & 0x07;
        try {
            int i = afterModEx(p);
            int packetType = p[i - 1] & 0x0F;
            if (frameType == 5 && packetType != 4) {
                return Result.IGNORED; // command frame (seek start/end)
            }
            long ts = unwrap(rtmpTimestamp);
            if (packetType != EX_VIDEO_MULTITRACK) {
                return exTrack(0, fourcc(p, i), frameType, packetType, p, i + 4, p.length, ts);
            }
            int kind = (p[i] & 0xFF) >>> 4;
            packetType = p[i++] & 0x0F;
            String shared = null;
            if (kind != MULTITRACK_MANY_CODECS) {
                shared = fourcc(p, i);
                i += 4;
            }
            Result last = Result.IGNORED;
            while (i < p.length) {
                String fourcc = shared;
                if (fourcc == null) {
                    fourcc = fourcc(p, i);
                    i += 4;
                }
                int track = p[i++] & 0xFF;
                int end = p.length;
                if (kind != MULTITRACK_ONE) {
                    end = i + 3 + (((p[i] & 0xFF) << 16) | ((p[i + 1] & 0xFF) << 8) | (p[i + 2] & 0xFF));
                    i += 3;
                    if (end > p.length) {
                        return Result.IGNORED;
                    }
                }
                Result r = exTrack(track, fourcc, frameType, packetType, p, i, end, ts);
                if (r == Result.UNSUPPORTED) {
                    return r;
                }
                if (track == 0 || last == Result.IGNORED) {
                    last = r;
                }
                i = end;
                if (kind == MULTITRACK_ONE) {
                    break;
                }
            }
            return last;
        } catch (ArrayIndexOutOfBoundsException e) {
            return Result.IGNORED; // truncated tag
        }
    }

    private Result exTrack(int track, String fourcc, int frameType, int packetType, byte[] p, int from, int end,
            long ts) {
        boolean nal = fourcc.equals("avc1") || fourcc.equals("hvc1");
        if (!nal && !fourcc.equals("av01")) {
            return unsupported("video codec " + fourcc + " is not supported; send H.264, HEVC or AV1");
        }
        switch (packetType) {
            case EX_SEQUENCE_START:
                return config(track, fourcc, p, from, end - from, ts);
            case EX_CODED_FRAMES:
                if (nal) {
                    int cts = (p[from] << 16) | ((p[from + 1] & 0xFF) << 8) | (p[from + 2] & 0xFF);
                    return frame(track, frameType, ts, cts, p, from + 3, end - from - 3);
                }
                return frame(track, frameType, ts, 0, p, from, end - from);
            case EX_CODED_FRAMES_X:
                return frame(track, frameType, ts, 0, p, from, end - from);
            default:
                return Result.IGNORED; // SequenceEnd, Metadata (colorInfo), MPEG2TSSequenceStart
        }
    }

    private Result config(int track, String fourcc, byte[] p, int off, int len, long ts) {
        VideoConfig c;
        try {
            c = switch (fourcc) {
                case "avc1" -> AvcConfig.parse(p, off, len);
                case "hvc1" -> HevcConfig.parse(p, off, len);
                default -> Av1Config.parse(p, off, len);
            };
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return Result.IGNORED;
        }
        if (track == 0) {
            out.onVideoConfig(c, ts);
        } else {
            multitrack = true;
            out.onTrackVideoConfig(track, c, ts);
        }
        return Result.VIDEO_CONFIG;
    }

    private Result frame(int track, int frameType, long ts, int cts, byte[] p, int off, int len) {
        if (len <= 0) {
            return Result.IGNORED;
        }
        boolean key = frameType == 1 || frameType == 4;
        VideoFrame f = new VideoFrame(ts, cts, key, p, off, len, track);
        if (track == 0) {
            out.onVideo(f);
        } else {
            multitrack = true;
            out.onTrackVideo(f);
        }
        return key ? Result.KEYFRAME : Result.VIDEO_FRAME;
    }

    /**
     * The index after the ModEx prefixes of an ExHeader tag (1 without any); the real packet type is the low nibble of
     * the byte before it.
     */
    private static int afterModEx(byte[] p) {
        int i = 1;
        while ((p[i - 1] & 0x0F) == EX_MOD_EX) {
            i = skipModEx(p, i);
        }
        return i;
    }

    /**
     * Skips one ModEx prefix at {@code i} (size UI8+1, or UI16+1 after 255; the data; a byte of ModExType and the
     * real packet type) and returns the index after it (the packet type is the low nibble of the byte before).
     */
    private static int skipModEx(byte[] p, int i) {
        int size = (p[i++] & 0xFF) + 1;
        if (size == 256) {
            size = (((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF)) + 1;
            i += 2;
        }
        return i + size + 1;
    }

    private static String fourcc(byte[] p, int i) {
        if (i + 4 > p.length) {
            throw new ArrayIndexOutOfBoundsException(i);
        }
        return new String(p, i, 4, StandardCharsets.ISO_8859_1);
    }

    private Result unsupported(String why) {
        reason = why;
        return Result.UNSUPPORTED;
    }

    public Result audio(long rtmpTimestamp, byte[] p) {
        if (p.length < 2) {
            return Result.IGNORED;
        }
        int format = (p[0] & 0xFF) >>> 4;
        if (format == 9) {
            return exAudio(rtmpTimestamp, p);
        }
        if (format != 10) {
            return unsupported("audio format " + format + " is not supported; send AAC");
        }
        long ts = unwrap(rtmpTimestamp);
        return (p[1] & 0xFF) == 0 ? aacConfig(p, 2, p.length - 2, ts) : aacFrame(p, 2, p.length - 2, ts);
    }

    /** Enhanced RTMP audio (SoundFormat 9): AudioPacketType, ModEx, multitrack; {@code mp4a} only. */
    private Result exAudio(long rtmpTimestamp, byte[] p) {
        try {
            int i = afterModEx(p);
            int packetType = p[i - 1] & 0x0F;
            long ts = unwrap(rtmpTimestamp);
            int track = 0;
            int end = p.length;
            String fourcc;
            if (packetType == EX_AUDIO_MULTITRACK) {
                int kind = (p[i] & 0xFF) >>> 4;
                packetType = p[i++] & 0x0F;
                fourcc = kind == MULTITRACK_MANY_CODECS ? null : fourcc(p, i);
                i += fourcc == null ? 0 : 4;
                // the default audio track is the one played (IVS passes the source audio through)
                while (i < p.length) {
                    String f = fourcc != null ? fourcc : fourcc(p, i);
                    i += fourcc != null ? 0 : 4;
                    track = p[i++] & 0xFF;
                    end = p.length;
                    if (kind != MULTITRACK_ONE) {
                        end = i + 3 + (((p[i] & 0xFF) << 16) | ((p[i + 1] & 0xFF) << 8) | (p[i + 2] & 0xFF));
                        i += 3;
                    }
                    if (track == 0) {
                        return exAudioTrack(f, packetType, p, i, Math.min(end, p.length), ts);
                    }
                    if (kind == MULTITRACK_ONE) {
                        break;
                    }
                    i = end;
                }
                return Result.IGNORED;
            }
            fourcc = fourcc(p, i);
            return exAudioTrack(fourcc, packetType, p, i + 4, end, ts);
        } catch (ArrayIndexOutOfBoundsException e) {
            return Result.IGNORED;
        }
    }

    private Result exAudioTrack(String fourcc, int packetType, byte[] p, int from, int end, long ts) {
        if (!fourcc.equals("mp4a")) {
            return unsupported("audio codec " + fourcc.trim() + " is not supported; send AAC");
        }
        return switch (packetType) {
            case 0 -> aacConfig(p, from, end - from, ts);
            case 1 -> aacFrame(p, from, end - from, ts);
            default -> Result.IGNORED;
        };
    }

    private Result aacConfig(byte[] p, int off, int len, long ts) {
        try {
            out.onAudioConfig(AacConfig.parse(p, off, len), ts);
        } catch (IllegalArgumentException e) {
            return Result.IGNORED;
        }
        return Result.AUDIO_CONFIG;
    }

    private Result aacFrame(byte[] p, int off, int len, long ts) {
        out.onAudio(new AudioFrame(ts, p, off, len));
        return Result.AUDIO_FRAME;
    }

    public void metadata(Map<String, Object> metadata) {
        out.onMetadata(metadata);
    }
}
