package dev.openivs.stream.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Where a recording's objects go and what its metadata files say, exactly as IVS lays out a recording (REFERENCE
 * §11): {@code ivs/v1/{account}/{channel_id}/{year}/{month}/{day}/{hours}/{minutes}/{recording_id}} (UTC, no zero
 * padding), {@code events/recording-started.json} / {@code recording-ended.json} / {@code recording-failed.json},
 * {@code media/hls/...}, {@code media/thumbnails/thumb{n}.jpg}, {@code media/latest_thumbnail/thumb.jpg}.
 */
public final class RecordingLayout {
    public static final String STARTED = "events/recording-started.json";
    public static final String ENDED = "events/recording-ended.json";
    public static final String FAILED = "events/recording-failed.json";
    public static final String HLS = "media/hls";
    public static final String MASTER = "master.m3u8";
    public static final String BYTE_RANGE_MASTER = "byte-range-multivariant.m3u8";
    public static final String PLAYLIST = "playlist.m3u8";
    public static final String BYTE_RANGE_PLAYLIST = "byte-range-variant.m3u8";
    public static final String THUMBNAILS = "media/thumbnails";
    public static final String LATEST_THUMBNAIL = "media/latest_thumbnail/thumb.jpg";

    private RecordingLayout() {
    }

    /** The key prefix (no trailing slash) of a recording started at {@code start}. */
    public static String prefix(String account, String channelArn, Instant start, String recordingId) {
        ZonedDateTime t = start.atZone(ZoneOffset.UTC);
        String channelId = channelArn.substring(channelArn.lastIndexOf('/') + 1);
        return "ivs/v1/" + account + "/" + channelId + "/" + t.getYear() + "/" + t.getMonthValue() + "/"
                + t.getDayOfMonth() + "/" + t.getHour() + "/" + t.getMinute() + "/" + recordingId;
    }

    public static String segmentKey(String rendition, int index) {
        return segmentKey(rendition, index, "ts");
    }

    /** A segment of a container: {@code {index}.ts} (TS) or {@code {index}.m4s} (FRAGMENTED_MP4 channels). */
    public static String segmentKey(String rendition, int index, String extension) {
        return HLS + "/" + rendition + "/" + index + "." + extension;
    }

    /**
     * The init segment of a FRAGMENTED_MP4 recording's segments, beside them: {@code init.mp4} for the first
     * stream, {@code init-{index}.mp4} for a stream that continued the recording at segment {@code index} (a
     * reconnect's encoder configuration may differ).
     */
    public static String initName(int firstSegment) {
        return firstSegment == 0 ? "init.mp4" : "init-" + firstSegment + ".mp4";
    }

    public static String sequentialThumbnailKey(int index) {
        return THUMBNAILS + "/thumb" + index + ".jpg";
    }

    /**
     * Thumbnail height for the configured resolution bucket (LOWEST_RESOLUTION 160, SD 480, HD 720, FULL_HD 1080;
     * unset = source), never above the source.
     */
    public static int thumbnailHeight(String resolution, int sourceHeight) {
        int h = switch (resolution == null ? "" : resolution) {
            case "LOWEST_RESOLUTION" -> 160;
            case "SD" -> 480;
            case "HD" -> 720;
            case "FULL_HD" -> 1080;
            default -> sourceHeight;
        };
        return sourceHeight > 0 ? Math.min(h, sourceHeight) : h;
    }

    /** Width keeping the source aspect ratio, down to even (IVS: 852x480 and 284x160 for a 16:9 source). */
    public static int scaledWidth(int height, int sourceWidth, int sourceHeight) {
        if (sourceHeight <= 0 || height == sourceHeight) {
            return sourceWidth;
        }
        return (int) ((long) sourceWidth * height / sourceHeight) & ~1;
    }

    /** RFC 3339 UTC, whole seconds as IVS writes them. */
    static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * recording-started.json ({@code ended == null}), recording-ended.json or recording-failed.json
     * ({@code failed}); {@code durationMs} only in the ended/failed ones; {@code renditions} the recorded ones,
     * highest first (none for {@code renditionSelection: NONE}).
     */
    static ObjectNode metadata(ObjectMapper mapper, String channelArn, RecordingConfiguration config,
            Instant startedAt, Instant ended, boolean failed, long durationMs, MediaProperties media,
            List<RecordedRendition> renditions) {
        ObjectNode n = mapper.createObjectNode();
        n.put("version", "v1");
        n.put("channel_arn", channelArn);
        n.put("recording_started_at", time(startedAt));
        if (ended != null) {
            n.put("recording_ended_at", time(ended));
        }
        n.put("recording_status", ended == null ? "RECORDING_STARTED"
                : failed ? "RECORDING_ENDED_WITH_FAILURE" : "RECORDING_ENDED");
        if (ended != null) {
            n.put("recording_status_message", failed ? "InternalServerException" : "");
        }
        ObjectNode m = n.putObject("media");
        ObjectNode hls = m.putObject("hls");
        if (ended != null) {
            hls.put("duration_ms", durationMs);
        }
        hls.put("path", HLS);
        hls.put("playlist", MASTER);
        hls.put("byte_range_playlist", BYTE_RANGE_MASTER);
        var list = hls.putArray("renditions");
        for (RecordedRendition rendition : renditions) {
            ObjectNode r = list.addObject();
            r.put("path", rendition.name());
            r.put("playlist", PLAYLIST);
            r.put("byte_range_playlist", BYTE_RANGE_PLAYLIST);
            r.put("resolution_height", rendition.rendition.height());
            r.put("resolution_width", rendition.rendition.width());
        }
        int th = thumbnailHeight(config.thumbnailResolution(), media.height());
        int tw = scaledWidth(th, media.width(), media.height());
        if (config.thumbnails()) {
            m.putObject("thumbnails").put("path", THUMBNAILS).put("resolution_height", th).put("resolution_width", tw);
        }
        if (config.latestThumbnail()) {
            m.putObject("latest_thumbnail").put("path", LATEST_THUMBNAIL).put("resolution_height", th)
                    .put("resolution_width", tw);
        }
        return n;
    }
}
