package dev.openivs.stream.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FlvDemuxer} on Enhanced RTMP tags (MEDIA-PLANE §2.5), with decoder records as x265 and SVT-AV1 write them. */
class EnhancedFlvDemuxerTest {
    /** x265's hvcC of a 320x240 Main stream (its SEI array dropped): VPS, SPS, PPS. */
    static final String HVCC = "0101600000009000000000003CF000FCFDF8F800000F03200001001840010C01FFFF01600000030090"
            + "000003000003003C959409210001002A42010101600000030090000003000003003CA00A080F16595952930BC05A0200000300"
            + "02000003003C1022000100064401C073C189";
    /** SVT-AV1's av1C of a 320x240 Main stream, with its sequence header OBU. */
    static final String AV1C = "81000C000A0B000000043CFFBC02F80040";

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static final class Collect implements MediaSink {
        final List<VideoConfig> configs = new ArrayList<>();
        final List<Integer> configTracks = new ArrayList<>();
        final List<VideoFrame> frames = new ArrayList<>();
        final List<AacConfig> aac = new ArrayList<>();
        final List<AudioFrame> audio = new ArrayList<>();

        @Override
        public void onVideoConfig(VideoConfig config, long timestamp) {
            configs.add(config);
            configTracks.add(0);
        }

        @Override
        public void onTrackVideoConfig(int track, VideoConfig config, long timestamp) {
            configs.add(config);
            configTracks.add(track);
        }

        @Override
        public void onVideo(VideoFrame frame) {
            frames.add(frame);
        }

        @Override
        public void onTrackVideo(VideoFrame frame) {
            frames.add(frame);
        }

        @Override
        public void onAudioConfig(AacConfig config, long timestamp) {
            aac.add(config);
        }

        @Override
        public void onAudio(AudioFrame frame) {
            audio.add(frame);
        }
    }

    @Test
    void hevcSequenceStartGivesTheRfc6381StringAndTheSpsSize() {
        Collect c = new Collect();
        FlvDemuxer d = new FlvDemuxer(c);
        assertEquals(FlvDemuxer.Result.VIDEO_CONFIG, d.video(0, hex("90 68766331 " + HVCC)));
        HevcConfig h = assertInstanceOf(HevcConfig.class, c.configs.get(0));
        assertEquals("hvc1.1.6.L60.90", h.codecString());
        assertArrayEquals(new int[] {320, 240}, h.size());
        assertEquals("Main", h.profileName());
        assertEquals("2.0", h.levelName());
        assertEquals(4, h.nalLengthSize());
        assertEquals("hvcC", h.configBox());
    }

    @Test
    void av1SequenceStartGivesTheRfc6381StringAndTheSequenceHeaderSize() {
        Collect c = new Collect();
        new FlvDemuxer(c).video(0, hex("90 61763031 " + AV1C));
        Av1Config a = assertInstanceOf(Av1Config.class, c.configs.get(0));
        assertEquals("av01.0.00M.08", a.codecString());
        assertArrayEquals(new int[] {320, 240}, a.size());
        assertEquals("Main", a.profileName());
        assertEquals("2.0", a.levelName());
    }

    @Test
    void codedFramesCarryTheCompositionOffsetAndCodedFramesXNone() {
        Collect c = new Collect();
        FlvDemuxer d = new FlvDemuxer(c);
        assertEquals(FlvDemuxer.Result.KEYFRAME, d.video(100, hex("91 68766331 000021 00000002 2601")));
        assertEquals(FlvDemuxer.Result.VIDEO_FRAME, d.video(133, hex("A3 68766331 00000002 0201")));
        assertEquals(FlvDemuxer.Result.KEYFRAME, d.video(166, hex("91 61763031 12000A0B")), "AV1: no CTS");
        assertEquals(0x21, c.frames.get(0).cts());
        assertEquals(6, c.frames.get(0).length());
        assertEquals(0, c.frames.get(1).cts());
        assertFalse(c.frames.get(1).keyframe());
        assertEquals(4, c.frames.get(2).length());
        assertEquals(FlvDemuxer.Result.IGNORED, d.video(200, hex("92 68766331")), "SequenceEnd");
        assertEquals(FlvDemuxer.Result.IGNORED, d.video(200, hex("D1 68766331 00")), "command frame");
    }

    @Test
    void modExPrefixesAreSkipped() {
        Collect c = new Collect();
        // ModEx (7): size 3 (UI8 2 + 1), TimestampOffsetNano, then 0x01 = ModExType 0 | CodedFrames
        assertEquals(FlvDemuxer.Result.KEYFRAME,
                new FlvDemuxer(c).video(0, hex("97 02 0003E8 01 68766331 000000 00000002 2601")));
        assertEquals(6, c.frames.get(0).length());
    }

    @Test
    void multitrackPacketsCarryEachTracksId() {
        Collect c = new Collect();
        FlvDemuxer d = new FlvDemuxer(c);
        // OneTrack (as OBS sends tracks > 0): avc1, track 1, a sequence start
        String avcc = "01640028FFE1000A6764002AAC2CA501E011 01000468EE3CB0".replace(" ", "");
        assertEquals(FlvDemuxer.Result.VIDEO_CONFIG, d.video(0, hex("96 00 61766331 01 " + avcc)));
        assertEquals(1, c.configTracks.get(0));
        assertTrue(d.multitrack());
        // ManyTracks: one FourCC, two tracks with UI24 sizes, CodedFramesX
        assertEquals(FlvDemuxer.Result.KEYFRAME,
                d.video(40, hex("96 13 68766331 00 000006 000000022601 02 000004 00000000")));
        assertEquals(List.of(0, 2), c.frames.stream().map(VideoFrame::track).toList());
        // ManyTracksManyCodecs: per-track FourCC
        d.video(80, hex("96 21 61763031 03 000002 120A 68766331 04 000009 000000 00000002 0201"));
        assertEquals(List.of(0, 2, 3, 4), c.frames.stream().map(VideoFrame::track).toList());
        assertEquals(0, c.frames.get(3).cts());
    }

    @Test
    void exHeaderAudioMp4aIsAacAndOtherCodecsAreRefused() {
        Collect c = new Collect();
        FlvDemuxer d = new FlvDemuxer(c);
        assertEquals(FlvDemuxer.Result.AUDIO_CONFIG, d.audio(0, hex("90 6D703461 1210")));
        assertEquals(FlvDemuxer.Result.AUDIO_FRAME, d.audio(23, hex("91 6D703461 21001C")));
        assertEquals(44100, c.aac.get(0).sampleRate());
        assertEquals(3, c.audio.get(0).length());
        // audio multitrack: track 0 is played, track 1 dropped
        assertEquals(FlvDemuxer.Result.AUDIO_FRAME, d.audio(46, hex("95 11 6D703461 01 000001 AA 00 000002 BBCC")));
        assertEquals(2, c.audio.get(1).length());
        assertEquals(FlvDemuxer.Result.UNSUPPORTED, d.audio(0, hex("90 4F707573 00")));
        assertTrue(d.reason().contains("Opus"), d.reason());
        assertEquals(FlvDemuxer.Result.UNSUPPORTED, d.video(0, hex("90 76766331 00")));
        assertTrue(d.reason().contains("vvc1"), d.reason());
    }
}
