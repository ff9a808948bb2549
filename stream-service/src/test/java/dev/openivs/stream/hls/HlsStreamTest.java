package dev.openivs.stream.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.stream.format.ts.Id3;
import dev.openivs.stream.format.ts.TsMuxer;
import dev.openivs.stream.format.ts.TsMuxerTest;
import dev.openivs.stream.format.ts.TsPackets;
import dev.openivs.stream.media.AudioFrame;
import dev.openivs.stream.media.StreamDescriptor;
import dev.openivs.stream.media.VideoFrame;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HlsStreamTest {
    private final AtomicLong clock = new AtomicLong(1_800_000_000_000L);

    private HlsStream stream(int window) {
        return stream("st-abc", window);
    }

    private HlsStream stream(String streamId, int window) {
        StreamDescriptor d = new StreamDescriptor(streamId, "arn:aws:ivs:us-west-2:123456789012:channel/abc",
                "123456789012", "c", "LOW", "STANDARD", false, "", Instant.now(), null);
        HlsStream s = new HlsStream(d, 2000, window, 1 << 20, clock::get);
        s.onMetadata(Map.of("width", 640.0, "height", 360.0, "framerate", 30.0));
        s.onVideoConfig(TsMuxerTest.AVC, 0);
        s.onAudioConfig(TsMuxerTest.AAC, 0);
        return s;
    }

    /** 30 fps video with a keyframe every {@code gop} frames and 44.1 kHz AAC, from {@code fromMs} to {@code toMs}. */
    private void feed(HlsStream s, long fromMs, long toMs, int gop) {
        byte[] key = TsMuxerTest.avcc(TsMuxerTest.nal(0x65, 2000));
        byte[] inter = TsMuxerTest.avcc(TsMuxerTest.nal(0x41, 300));
        long audio = fromMs;
        for (long f = fromMs * 30 / 1000; f * 1000 / 30 < toMs; f++) {
            long dts = f * 1000 / 30;
            boolean k = f % gop == 0;
            byte[] data = k ? key : inter;
            s.onVideo(new VideoFrame(dts, 0, k, data, 0, data.length));
            clock.set(1_800_000_000_000L + dts);
            while (audio <= dts) {
                s.onAudio(new AudioFrame(audio, new byte[100], 0, 100));
                audio += 23;
            }
        }
    }

    @Test
    void shouldCutSegmentsAtKeyframesOnceTheTargetIsReached() {
        HlsStream s = stream(6);
        feed(s, 0, 7000, 30); // keyframe every second: 2 s segments
        HlsStream.Snapshot snap = s.snapshot();
        assertEquals(3, snap.segments().size());
        for (HlsStream.Segment seg : snap.segments()) {
            assertEquals(2000, seg.durationMs());
            List<TsPackets.Packet> packets = TsPackets.parse(seg.data());
            assertEquals(0, packets.get(0).pid(), "PAT first");
            assertEquals(TsMuxer.PMT_PID, packets.get(1).pid(), "then PMT");
            assertEquals(TsMuxer.VIDEO_PID, packets.get(2).pid(), "then the keyframe");
            assertEquals(0x40, packets.get(2).raw()[5] & 0x40, "segment starts with a random access point");
        }
        assertEquals(2, snap.targetDuration());
        assertEquals("avc1.42C01E,mp4a.40.2", snap.codecs());
    }

    @Test
    void shouldSlideTheWindowAndKeepSequenceNumbersAndProgramDateTime() {
        HlsStream s = stream(3);
        feed(s, 0, 12_100, 60);
        HlsStream.Snapshot snap = s.snapshot();
        assertEquals(List.of(3L, 4L, 5L), snap.segments().stream().map(HlsStream.Segment::sequence).toList());
        assertEquals(2, snap.segment("st-abc", 2).sequence(), "left the list, still served");
        assertEquals(0, snap.segment("st-abc", 0).sequence(), "window + 1 segments stay available after leaving the list");
        feed(s, 12_100, 16_100, 60);
        assertNull(s.snapshot().segment("st-abc", 0), "then it is gone");
        assertEquals(1, s.snapshot().segment("st-abc", 1).sequence());
        assertEquals(Instant.ofEpochMilli(1_800_000_000_000L + 6000), snap.segment("st-abc", 3).programDateTime());
        String media = Playlists.media(snap);
        assertTrue(media.startsWith("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:3\n"),
                media);
        assertTrue(media.contains("#EXT-X-PROGRAM-DATE-TIME:2027-01-15T08:00:06Z\n#EXTINF:2.000,\nst-abc/source-3.ts\n"),
                media);
        String master = Playlists.multivariant(snap, "x/source.m3u8");
        assertTrue(master.contains("RESOLUTION=640x360,CODECS=\"avc1.42C01E,mp4a.40.2\",FRAME-RATE=30.000\n"
                + "x/source.m3u8\n"), master);
    }

    @Test
    void shouldStretchSegmentsToTheGopAndRaiseTargetDuration() {
        HlsStream s = stream(6);
        feed(s, 0, 9100, 90); // 3 s GOP
        HlsStream.Snapshot snap = s.snapshot();
        assertEquals(3000, snap.segments().get(0).durationMs());
        assertEquals(3, snap.targetDuration());
    }

    @Test
    void shouldWaitForAKeyframeAndKeepTheSegmentsAtTheEndUntilThePlaylistEnds() {
        HlsStream s = stream(6);
        byte[] inter = TsMuxerTest.avcc(TsMuxerTest.nal(0x41, 300));
        s.onVideo(new VideoFrame(0, 0, false, inter, 0, inter.length));
        s.onAudio(new AudioFrame(0, new byte[10], 0, 10));
        feed(s, 1000, 5100, 60);
        assertEquals(1, s.snapshot().segments().size());
        assertTrue(s.snapshot().segments().get(0).programDateTime().toEpochMilli() > 0);
        boolean[] forgotten = {false};
        s.onEnded(() -> forgotten[0] = true);
        s.onEnd();
        assertTrue(s.snapshot().ended());
        assertEquals(1, s.snapshot().segments().size(), "still served to the players that have the playlist");
        assertFalse(Playlists.media(s.snapshot()).contains("#EXT-X-ENDLIST"), "a reconnect may continue it");
        assertTrue(forgotten[0]);
        s.endList();
        assertTrue(Playlists.media(s.snapshot()).endsWith("st-abc/source-0.ts\n#EXT-X-ENDLIST\n"),
                Playlists.media(s.snapshot()));
    }

    @Test
    void shouldContinueThePreviousSessionsPlaylistAfterADiscontinuity() {
        HlsStream first = stream("st-one", 3);
        feed(first, 0, 6100, 90); // segments 0 and 1, of 3 s
        first.onEnd();
        HlsStream second = stream("st-two", 3);
        second.continueFrom(first);
        assertFalse(second.snapshot().started(), "no segment of the new session yet");
        assertEquals(2, second.snapshot().segments().size(), "the old ones stay listed meanwhile");
        feed(second, 0, 2100, 60); // segment 2, of 2 s
        String text = Playlists.media(second.snapshot());
        assertTrue(text.contains("#EXT-X-MEDIA-SEQUENCE:0\n"), text);
        assertFalse(text.contains("#EXT-X-DISCONTINUITY-SEQUENCE"), text);
        assertTrue(text.contains("st-one/source-1.ts\n#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:"), text);
        assertTrue(text.endsWith("st-two/source-2.ts\n"), text);
        assertEquals("st-one", second.snapshot().segment("st-one", 1).session());
        assertNull(second.snapshot().segment("st-two", 1), "a segment is only served in its session's directory");

        feed(second, 2000, 6100, 60); // segments 3 and 4: 0 and 1 leave the window of 3
        text = Playlists.media(second.snapshot());
        assertTrue(text.contains("#EXT-X-MEDIA-SEQUENCE:2\n#EXT-X-DISCONTINUITY-SEQUENCE:1\n"), text);
        assertFalse(text.contains("#EXT-X-DISCONTINUITY\n"), "its discontinuity left with segment 1: " + text);
        assertEquals(3, second.snapshot().targetDuration(), "never lowered in the playlist");
    }

    @Test
    void shouldPutTimedMetadataAsId3AtTheLiveEdge() {
        HlsStream s = stream(6);
        feed(s, 0, 1000, 60);
        s.onTimedMetadata("{\"question\":\"héllo\"}", Instant.now());
        feed(s, 1000, 4100, 60);
        HlsStream.Segment seg = s.snapshot().segments().get(0);
        List<TsPackets.Packet> packets = TsPackets.parse(seg.data());
        byte[] pmt = packets.get(1).raw();
        assertTrue(TsMuxerTest.indexOf(pmt, new byte[] {0x15, (byte) 0xE1, 0x02}) > 0, "ID3 stream in the PMT");
        TsPackets.Packet id3 = packets.stream().filter(p -> p.pid() == TsMuxer.ID3_PID).findFirst().orElseThrow();
        assertEquals(0xBD, id3.raw()[id3.payloadStart() + 3] & 0xFF, "private_stream_1");
        assertEquals(966 * 90 + TsMuxer.OFFSET_90K, TsPackets.timestamp(id3, false), "PTS of the newest frame");
        byte[] tag = Id3.txxx("{\"question\":\"héllo\"}");
        assertTrue(TsMuxerTest.indexOf(id3.raw(), tag) > 0);
        assertEquals("ID3", new String(tag, 0, 3, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(4, tag[3]);
        assertEquals("TXXX", new String(tag, 10, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(tag.length - 10, tag[9], "syncsafe tag size");
    }
}
