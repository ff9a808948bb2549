package dev.openivs.stream.hls;

import dev.openivs.stream.media.FlvDemuxer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads an FLV file's audio and video tags, as the RTMP ingest would deliver them. */
public final class FlvFile {
    /** One audio (8) or video (9) tag: its timestamp in ms and its body. */
    public record Tag(int type, long ts, byte[] body) {
    }

    private FlvFile() {
    }

    /** The audio and video tags of the file, in file order. */
    public static List<Tag> tags(Path flv) throws IOException {
        byte[] b = Files.readAllBytes(flv);
        List<Tag> tags = new ArrayList<>();
        int p = ((b[5] & 0xFF) << 24 | (b[6] & 0xFF) << 16 | (b[7] & 0xFF) << 8 | (b[8] & 0xFF)) + 4;
        while (p + 11 <= b.length) {
            int type = b[p] & 0x1F;
            int size = (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
            long ts = ((b[p + 7] & 0xFFL) << 24) | (b[p + 4] & 0xFF) << 16 | (b[p + 5] & 0xFF) << 8 | (b[p + 6] & 0xFF);
            if (p + 11 + size > b.length) {
                break;
            }
            if (type == 8 || type == 9) {
                tags.add(new Tag(type, ts, Arrays.copyOfRange(b, p + 11, p + 11 + size)));
            }
            p += 11 + size + 4;
        }
        return tags;
    }

    /** Feeds every tag into {@code demuxer}; {@code beforeTag} runs before each with the tag's timestamp (ms). */
    static void feed(Path flv, FlvDemuxer demuxer, java.util.function.LongConsumer beforeTag) throws IOException {
        for (Tag t : tags(flv)) {
            beforeTag.accept(t.ts());
            if (t.type() == 9) {
                demuxer.video(t.ts(), t.body());
            } else {
                demuxer.audio(t.ts(), t.body());
            }
        }
    }
}
