package dev.openivs.stream.hls;

import dev.openivs.stream.format.fmp4.CmafSegmenter;
import dev.openivs.stream.format.ts.TsSegmenter;
import dev.openivs.stream.media.Segmenter;
import dev.openivs.stream.media.StreamDescriptor;

/**
 * The one place the channel's {@code containerFormat} picks the container of its normal-latency segments, live and
 * recorded: {@code TS} (the default) MPEG-TS, {@code FRAGMENTED_MP4} CMAF (init segment + {@code .m4s}).
 */
public final class SegmentContainer {
    private SegmentContainer() {
    }

    /** A segmenter of the stream's container; TS segments carry timed ID3 in their own PID. */
    public static Segmenter segmenter(StreamDescriptor stream, int targetMs, int maxSegmentBytes,
            Segmenter.Listener listener) {
        return stream.fragmentedMp4() ? new CmafSegmenter(targetMs, maxSegmentBytes, listener)
                : new TsSegmenter(targetMs, maxSegmentBytes, true, listener);
    }
}
