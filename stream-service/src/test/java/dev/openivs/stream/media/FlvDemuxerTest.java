package dev.openivs.stream.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlvDemuxerTest {
    // AVCDecoderConfigurationRecord as ffmpeg/libx264 writes it: profile 66, compat 0xC0, level 31
    private static final String AVCC = "01 42 C0 1F FF E1 0004 6742C01F 01 0004 68CE3C80";

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void shouldParseSequenceHeadersIntoCodecStrings() {
        List<Object> seen = new ArrayList<>();
        FlvDemuxer demuxer = new FlvDemuxer(new MediaSink() {
            @Override
            public void onVideoConfig(VideoConfig config, long timestamp) {
                seen.add(config);
            }

            @Override
            public void onAudioConfig(AacConfig config, long timestamp) {
                seen.add(config);
            }
        });
        assertEquals(FlvDemuxer.Result.VIDEO_CONFIG, demuxer.video(0, hex("17 00 000000 " + AVCC)));
        assertEquals(FlvDemuxer.Result.AUDIO_CONFIG, demuxer.audio(0, hex("AF 00 1210")));
        AvcConfig avc = (AvcConfig) seen.get(0);
        assertEquals("avc1.42C01F", avc.codecString());
        assertEquals("Baseline", avc.profileName());
        assertEquals("3.1", avc.levelName());
        assertEquals(4, avc.nalLengthSize());
        assertEquals(1, avc.sps().size());
        AacConfig aac = (AacConfig) seen.get(1);
        assertEquals("mp4a.40.2", aac.codecString());
        assertEquals(44100, aac.sampleRate());
        assertEquals(2, aac.channels());
    }

    @Test
    void shouldPassFramesWithCompositionTimeAndSkipEndOfSequence() {
        List<VideoFrame> frames = new ArrayList<>();
        FlvDemuxer demuxer = new FlvDemuxer(new MediaSink() {
            @Override
            public void onVideo(VideoFrame frame) {
                frames.add(frame);
            }
        });
        assertEquals(FlvDemuxer.Result.KEYFRAME, demuxer.video(100, hex("17 01 000042 00000002 6588")));
        assertEquals(FlvDemuxer.Result.VIDEO_FRAME, demuxer.video(133, hex("27 01 FFFFFF 00000002 419A")));
        assertEquals(FlvDemuxer.Result.IGNORED, demuxer.video(166, hex("17 02 000000")));
        assertEquals(2, frames.size());
        assertTrue(frames.get(0).keyframe());
        assertEquals(0x42, frames.get(0).cts());
        assertEquals(-1, frames.get(1).cts());
        assertEquals(6, frames.get(0).length());
    }

    @Test
    void shouldReportOtherCodecsAsUnsupported() {
        FlvDemuxer demuxer = new FlvDemuxer(new MediaSink() { });
        assertEquals(FlvDemuxer.Result.UNSUPPORTED, demuxer.video(0, hex("9076703039")));  // Enhanced RTMP vp09
        assertEquals(FlvDemuxer.Result.UNSUPPORTED, demuxer.audio(0, hex("2F 00")));       // MP3
    }

    @Test
    void shouldUnwrapTimestampsAcrossTheThirtyTwoBitWrap() {
        FlvDemuxer demuxer = new FlvDemuxer(new MediaSink() { });
        assertEquals(0xFFFFFF00L, demuxer.unwrap(0xFFFFFF00L));
        assertEquals(0x100000010L, demuxer.unwrap(0x10L));
        assertEquals(0xFFFFFFF0L, demuxer.unwrap(0xFFFFFFF0L));
    }
}
