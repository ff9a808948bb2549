package dev.openivs.stream.hls;

import dev.openivs.stream.media.FlvDemuxer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads an FLV file's audio and video tags into a {@link FlvDemuxer}, as the RTMP ingest would deliver them. */
final class FlvFile {
    private FlvFile() {
    }

    /** Feeds every tag; {@code beforeTag} runs before each with the tag's timestamp (ms). */
    static void feed(Path flv, FlvDemuxer demuxer, java.util.function.LongConsumer beforeTag) throws IOException {
        byte[] b = Files.readAllBytes(flv);
        int p = ((b[5] & 0xFF) << 24 | (b[6] & 0xFF) << 16 | (b[7] & 0xFF) << 8 | (b[8] & 0xFF)) + 4;
        while (p + 11 <= b.length) {
            int type = b[p] & 0x1F;
            int size = (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
            long ts = ((b[p + 7] & 0xFFL) << 24) | (b[p + 4] & 0xFF) << 16 | (b[p + 5] & 0xFF) << 8 | (b[p + 6] & 0xFF);
            if (p + 11 + size > b.length) {
                break;
            }
            byte[] body = Arrays.copyOfRange(b, p + 11, p + 11 + size);
            beforeTag.accept(ts);
            if (type == 9) {
                demuxer.video(ts, body);
            } else if (type == 8) {
                demuxer.audio(ts, body);
            }
            p += 11 + size + 4;
        }
    }
}
