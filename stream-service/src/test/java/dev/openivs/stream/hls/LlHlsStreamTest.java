package dev.openivs.stream.hls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.format.fmp4.Fmp4Muxer;
import dev.openivs.stream.format.ts.TsMuxerTest;
import dev.openivs.stream.media.FlvDemuxer;
import dev.openivs.stream.media.StreamDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The LL-HLS packager fed with a real ffmpeg FLV (10 s, 640x360 30 fps, 2 s GOP, AAC), checked with ffprobe. */
public class LlHlsStreamTest {
    public static final long T0 = 1_800_000_000_000L;
    private final AtomicLong clock = new AtomicLong(T0);

    @BeforeAll
    public static void needsFfmpeg() {
        assumeTrue(Ffmpeg.available(), "ffmpeg is not installed");
    }

    private LlHlsStream stream(int window) {
        StreamDescriptor d = new StreamDescriptor("st-abc", "arn:aws:ivs:us-west-2:123456789012:channel/abc",
                "123456789012", "c", "LOW", "STANDARD", false, "", Instant.now(), null);
        return new LlHlsStream(d, 2000, 334, window, 1 << 24, clock::get);
    }

    /** The whole fixture, with {@code atTag} called before each tag (its timestamp in ms). */
    private LlHlsStream fed(int window, java.util.function.BiConsumer<LlHlsStream, Long> atTag) throws IOException {
        LlHlsStream s = stream(window);
        FlvFile.feed(Ffmpeg.fixture(), new FlvDemuxer(s), ts -> {
            clock.set(T0 + ts);
            atTag.accept(s, ts);
        });
        return s;
    }

    @Test
    void shouldCutPartsOfAtMostThePartTargetAndSegmentsAtKeyframes() throws IOException {
        LlHlsStream.Snapshot snap = fed(10, (s, ts) -> { }).snapshot();
        assertTrue(snap.playable());
        assertEquals(4, snap.segments().size(), "keyframes at 2, 4, 6 and 8 s closed four segments");
        assertEquals(4, snap.currentMsn());
        assertFalse(snap.currentParts().isEmpty(), "the fifth segment is being written");
        assertEquals("avc1.42C01E,mp4a.40.2", snap.codecs());
        assertEquals(640, snap.width());
        assertEquals(360, snap.height());
        assertEquals(2, snap.targetDuration());
        for (LlHlsStream.Segment seg : snap.segments()) {
            assertEquals(2000, seg.durationMs(), 2);
            assertEquals(6, seg.partCount());
            long sum = 0;
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (LlHlsStream.Part p : seg.parts()) {
                assertTrue(p.durationMs() >= 200 && p.durationMs() <= 334, "part of " + p.durationMs() + " ms");
                assertEquals(p.index() == 0, p.independent(), "only the first part starts with a keyframe");
                sum += p.durationMs();
                all.writeBytes(p.data());
            }
            assertEquals(seg.durationMs(), sum);
            assertArrayEquals(all.toByteArray(), seg.data(), "a segment is its parts");
            assertEquals(T0 + seg.msn() * 2000, seg.programDateTime().toEpochMilli(), 2, "PDT follows the media clock");
        }
        assertEquals(seg(snap, 2).parts().get(3), snap.part("st-abc", 2, 3));
        assertNull(snap.part("st-abc", 2, 6));
        assertNull(snap.segment("st-abc", 4), "still being written");
    }

    private static LlHlsStream.Segment seg(LlHlsStream.Snapshot s, long msn) {
        return s.segment("st-abc", msn);
    }

    @Test
    void shouldWriteInitAndFragmentsThatFfprobeDecodes() throws Exception {
        LlHlsStream.Snapshot snap = fed(10, (s, ts) -> { }).snapshot();
        assertEquals(List.of("ftyp", "moov"), boxes(snap.init(), 0, snap.init().length));
        int moov = find(snap.init(), "moov");
        assertEquals(List.of("mvhd", "trak", "trak", "mvex"), boxes(snap.init(), moov + 8, moov + size(snap.init(), moov)));
        byte[] part = snap.part("st-abc", 1, 2).data();
        assertEquals(List.of("moof", "mdat"), boxes(part, 0, part.length));

        Path dir = Files.createTempDirectory("llhls");
        Path whole = dir.resolve("all.mp4");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(snap.init());
        for (LlHlsStream.Segment seg : snap.segments()) {
            all.writeBytes(seg.data());
        }
        Files.write(whole, all.toByteArray());
        String streams = run("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height,sample_rate,channels",
                "-of", "csv=p=0", whole.toString());
        assertTrue(streams.contains("h264,640,360"), streams);
        assertTrue(streams.contains("aac,44100,2"), streams);
        assertEquals("240", frames(whole), "four 2 s segments at 30 fps");
        String errors = run("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", whole.toString(), "-f", "null", "-");
        assertEquals("", errors.strip(), "decodes without errors");

        // a player starting at an independent part needs only the init segment and that part
        Path one = dir.resolve("part.mp4");
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(snap.init());
        p.writeBytes(snap.part("st-abc", 3, 0).data());
        Files.write(one, p.toByteArray());
        assertEquals("10", frames(one), "a 334 ms part holds 10 frames");
    }

    @Test
    void shouldCarryTimedMetadataAsAnEmsgWithId3BeforeTheFragment() throws IOException {
        String payload = "{\"question\":\"Who wins?\",\"id\":42}";
        boolean[] sent = {false};
        LlHlsStream.Snapshot snap = fed(10, (s, ts) -> {
            if (!sent[0] && ts >= 3000) {
                s.onTimedMetadata(payload, Instant.now());
                sent[0] = true;
            }
        }).snapshot();
        List<LlHlsStream.Part> withEmsg = new ArrayList<>();
        for (LlHlsStream.Segment seg : snap.segments()) {
            for (LlHlsStream.Part p : seg.parts()) {
                if (boxes(p.data(), 0, p.data().length).get(0).equals("emsg")) {
                    withEmsg.add(p);
                }
            }
        }
        assertEquals(1, withEmsg.size());
        byte[] d = withEmsg.get(0).data();
        assertEquals(List.of("emsg", "moof", "mdat"), boxes(d, 0, d.length));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(d, 8, size(d, 0) - 8);
        assertEquals(0x01000000, b.getInt(), "version 1");
        assertEquals(90_000, b.getInt());
        long ms = b.getLong() / 90;
        assertTrue(ms >= 2950 && ms <= 3050, "presented at the live edge: " + ms);
        b.getInt();
        b.getInt();
        String rest = new String(d, b.position(), size(d, 0) - b.position(), StandardCharsets.ISO_8859_1);
        assertTrue(rest.startsWith(Fmp4Muxer.ID3_SCHEME + "\0\0ID3"), rest);
        assertTrue(rest.contains("TXXX") && rest.endsWith(payload), rest);
        assertEquals(1, withEmsg.get(0).msn(), "in the part being written at 3 s");
    }

    @Test
    void shouldWakeParkedWaitersWhenTheirPartIsPublishedAndAllOnEnd() throws IOException {
        List<String> events = new ArrayList<>();
        List<LlHlsStream.Waiter> parked = new ArrayList<>();
        LlHlsStream s = fed(10, (st, ts) -> {
            if (ts >= 1000 && parked.isEmpty()) {
                parked.add(waiter(st, 1, 2, events));   // part 2 of segment 1
                parked.add(waiter(st, 2, -1, events));  // the whole of segment 2
                parked.add(waiter(st, 0, 1, events));   // already there: runs at once
                parked.add(waiter(st, 9, 0, events));   // far ahead: until the end
            }
        });
        assertEquals(3, events.size(), events.toString());
        assertTrue(events.get(0).startsWith("0.1 at 10"), events.toString());
        long partAt = Long.parseLong(events.get(1).replaceAll(".* at ", ""));
        assertTrue(events.get(1).startsWith("1.2 at ") && partAt >= 2990 && partAt <= 3060,
                "segment 1 part 2 ends at about 2.67 + 0.33 s: " + events);
        long segAt = Long.parseLong(events.get(2).replaceAll(".* at ", ""));
        assertTrue(events.get(2).startsWith("2.-1 at ") && segAt >= 6000 && segAt <= 6060,
                "segment 2 ends with the keyframe at 6 s: " + events);
        assertEquals(1, s.parked());
        s.onEnd();
        assertEquals(3, events.size(), "a reconnect may still continue the playlist");
        assertTrue(s.snapshot().ended());
        assertFalse(s.snapshot().playable());
        s.endList();
        assertEquals(4, events.size());
        assertEquals(0, s.parked());
    }

    @Test
    void shouldContinueThePreviousSessionsPlaylistWithANewMapAndMoveItsWaiters() throws IOException {
        LlHlsStream first = fed(3, (s, ts) -> { });
        long firstCurrent = first.snapshot().currentMsn();
        first.onEnd();
        assertEquals(firstCurrent + 1, first.snapshot().currentMsn(), "the parts written became the last segment");
        List<String> events = new ArrayList<>();
        waiter(first, firstCurrent + 1, 0, events);
        StreamDescriptor d = new StreamDescriptor("st-def", "arn:aws:ivs:us-west-2:123456789012:channel/abc",
                "123456789012", "c", "LOW", "STANDARD", false, "", Instant.now(), null);
        LlHlsStream second = new LlHlsStream(d, 2000, 334, 3, 1 << 24, clock::get);
        second.continueFrom(first);
        assertEquals(0, first.parked());
        assertEquals(1, second.parked());
        String between = LlPlaylists.media(second.snapshot());
        assertFalse(between.contains("PRELOAD-HINT"), "no hint across the discontinuity: " + between);
        FlvFile.feed(Ffmpeg.fixture(), new FlvDemuxer(second), ts -> {
            clock.set(T0 + 20_000 + ts);
            if (ts == 0) {
                assertTrue(events.isEmpty(), events.toString());
            }
        });
        assertEquals(1, events.size(), "woken by the new session's first part");
        LlHlsStream.Snapshot snap = second.snapshot();
        // the new session wrote segments firstCurrent + 1 to + 4: a window of 3 holds only its own
        assertEquals(firstCurrent + 2, snap.segments().get(0).msn());
        String text = LlPlaylists.media(snap);
        assertTrue(text.contains("#EXT-X-MEDIA-SEQUENCE:" + (firstCurrent + 2) + "\n#EXT-X-DISCONTINUITY-SEQUENCE:1"
                + "\n#EXT-X-MAP:URI=\"st-def/source-init.mp4\"\n"), text);
        assertFalse(text.contains("st-abc"), text);

        // before the old segments leave: DISCONTINUITY, then the new session's EXT-X-MAP
        LlHlsStream third = new LlHlsStream(new StreamDescriptor("st-ghi", d.channelArn(), "123456789012", "c",
                "LOW", "STANDARD", false, "", Instant.now(), null), 2000, 334, 10, 1 << 24, clock::get);
        second.onEnd();
        third.continueFrom(second);
        FlvFile.feed(Ffmpeg.fixture(), new FlvDemuxer(third), ts -> clock.set(T0 + 40_000 + ts));
        text = LlPlaylists.media(third.snapshot());
        assertTrue(text.contains("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"st-ghi/source-init.mp4\"\n"
                + "#EXT-X-PROGRAM-DATE-TIME:"), text);
        assertArrayEquals(snap.init(), third.snapshot().init("st-def"), "older sessions' init segments stay served");
        assertNull(third.snapshot().part("st-def", third.snapshot().currentMsn(), 0));
    }

    @Test
    void shouldBoundPartsWhenTimestampsStall() {
        StreamDescriptor d = new StreamDescriptor("st-abc", "arn:aws:ivs:us-west-2:123456789012:channel/abc",
                "123456789012", "c", "LOW", "STANDARD", false, "", Instant.now(), null);
        LlHlsStream s = new LlHlsStream(d, 2000, 334, 6, 1 << 20, clock::get); // segments capped at 1 MiB
        s.onVideoConfig(TsMuxerTest.AVC, 0);
        s.onAudioConfig(TsMuxerTest.AAC, 0);
        byte[] key = TsMuxerTest.avcc(TsMuxerTest.nal(0x65, 10_000));
        for (int i = 0; i < 1000; i++) { // 10 MB of frames, all with the same timestamp, no more keyframes
            s.onVideo(new dev.openivs.stream.media.VideoFrame(5000, 0, i == 0, key, 0, key.length));
            s.onAudio(new dev.openivs.stream.media.AudioFrame(5000, new byte[100], 0, 100));
        }
        LlHlsStream.Snapshot snap = s.snapshot();
        assertTrue(snap.lastCompleteMsn() >= 8, "segments cut at the byte cap: " + snap.lastCompleteMsn());
        for (LlHlsStream.Segment seg : snap.segments()) {
            assertTrue(seg.data().length <= (1 << 20) + (1 << 17) + 20_000, "segment of " + seg.data().length);
            for (LlHlsStream.Part p : seg.parts()) {
                assertTrue(p.data().length <= (1 << 17) + 20_000, "part of " + p.data().length);
            }
        }
        assertTrue(snap.segments().size() + snap.retired().size() <= 6 + 7, "window + retired");
    }

    private LlHlsStream.Waiter waiter(LlHlsStream s, long msn, int part, List<String> events) {
        LlHlsStream.Waiter w = new LlHlsStream.Waiter() {
            @Override
            public long msn() {
                return msn;
            }

            @Override
            public int part() {
                return part;
            }

            @Override
            public void ready() {
                events.add(msn + "." + part + " at " + (clock.get() - T0));
            }
        };
        s.await(w);
        return w;
    }

    public static String frames(Path file) throws Exception {
        String out = run("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v", "-show_entries",
                "stream=nb_read_frames", "-of", "csv=p=0", file.toString());
        return out.strip().split("\\s+")[0];
    }

    public static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    public static int size(byte[] b, int at) {
        return java.nio.ByteBuffer.wrap(b, at, 4).getInt();
    }

    /** Types of the boxes laid end to end in [from, to), which they must fill exactly. */
    public static List<String> boxes(byte[] b, int from, int to) {
        List<String> types = new ArrayList<>();
        int p = from;
        while (p < to) {
            int n = size(b, p);
            assertTrue(n >= 8 && p + n <= to, "box size " + n + " at " + p);
            types.add(new String(b, p + 4, 4, StandardCharsets.US_ASCII));
            p += n;
        }
        assertEquals(to, p);
        return types;
    }

    public static int find(byte[] b, String type) {
        for (int p = 0; p < b.length; p += size(b, p)) {
            if (new String(b, p + 4, 4, StandardCharsets.US_ASCII).equals(type)) {
                return p;
            }
        }
        throw new AssertionError(type + " not found");
    }
}
