package dev.openivs.stream.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The ladders of MEDIA-PLANE.md §1.3/§1.4 as {@link Ladder} produces them. */
class LadderTest {
    private static List<String> names(List<Rendition> ladder) {
        return ladder.stream().map(r -> r.name() + (r.passthrough() ? "*" : "") + ":" + r.width() + "x"
                + r.height() + "@" + r.videoKbps() + "/" + r.audioKbps()).toList();
    }

    @Test
    void shouldBuildTheStandardLadders() {
        assertEquals(List.of("1080p60*:1920x1080@0/0", "720p60:1280x720@3400/0", "480p30:852x480@1400/0",
                "360p30:640x360@630/64", "160p30:284x160@230/48"),
                names(Ladder.of("STANDARD", "", 1920, 1080, 60)));
        assertEquals(List.of("1080p30*:1920x1080@0/0", "720p30:1280x720@2400/0", "480p30:852x480@1400/0",
                "360p30:640x360@630/64", "160p30:284x160@230/48"),
                names(Ladder.of("STANDARD", "", 1920, 1080, 29.97)));
        assertEquals(List.of("720p30*:1280x720@0/0", "480p30:852x480@1400/0", "360p30:640x360@630/64",
                "160p30:284x160@230/48"), names(Ladder.of("STANDARD", "", 1280, 720, 30)));
        assertEquals(List.of("480p30:852x480@1400/0", "360p30:640x360@630/64", "160p30:284x160@230/48"),
                names(Ladder.of("STANDARD", "", 960, 540, 30)), "480p..720p: the source is not offered");
        assertEquals(List.of("360p30*:640x360@0/0"), names(Ladder.of("STANDARD", "", 640, 360, 30)),
                "below 480p (no row in AWS's tables): the source only");
        assertEquals(List.of("480p30:480x480@1400/0", "360p30:360x360@630/64", "160p30:160x160@230/48"),
                names(Ladder.of("STANDARD", "", 480, 480, 30)), "square input: never above the input");
    }

    @Test
    void shouldBuildTheAdvancedLadders() {
        assertEquals(List.of("480p30:852x480@1300/128", "360p30:640x360@700/64", "160p30:284x160@270/48",
                "audio_only:0x0@0/64"), names(Ladder.of("ADVANCED_SD", "", 1920, 1080, 60)));
        assertEquals(List.of("480p30:852x480@800/128", "360p30:640x360@400/64", "160p30:284x160@220/48",
                "audio_only:0x0@0/64"),
                names(Ladder.of("ADVANCED_SD", "CONSTRAINED_BANDWIDTH_DELIVERY", 1280, 720, 30)));
        assertEquals(List.of("720p60:1280x720@3000/128", "480p30:852x480@1300/128", "360p30:640x360@700/64",
                "160p30:284x160@270/48", "audio_only:0x0@0/64"),
                names(Ladder.of("ADVANCED_HD", "HIGHER_BANDWIDTH_DELIVERY", 1920, 1080, 60)));
        assertEquals("720p30:1280x720@1900/128",
                names(Ladder.of("ADVANCED_HD", "CONSTRAINED_BANDWIDTH_DELIVERY", 1280, 720, 30)).get(0));
        assertEquals("540p30:960x540@2300/128", names(Ladder.of("ADVANCED_HD", "", 960, 540, 30)).get(0),
                "above 480p and below 720p: the source size transcoded");
    }

    @Test
    void shouldPassBasicThrough() {
        assertEquals(List.of("1080p30*:1920x1080@0/0"), names(Ladder.of("BASIC", "", 1920, 1080, 30)));
        assertTrue(Ladder.transcodes("STANDARD"));
        assertTrue(!Ladder.transcodes("BASIC"));
        assertEquals("4.0", Ladder.level(Ladder.of("STANDARD", "", 1920, 1080, 60).get(1)));
        assertEquals("3.1", Ladder.level(Ladder.of("STANDARD", "", 1920, 1080, 30).get(1)));
    }

    private static List<String> ids(List<Rendition> ladder) {
        return ladder.stream().map(Rendition::name).toList();
    }

    @Test
    void multitrackLadderFollowsMaximumResolutionCanvasTracksAndBandwidth() {
        // FULL_HD, 1080p60 canvas: 1080p60, 720p60, 480p30, 360p30 (at most four tracks)
        assertEquals(List.of("1080p60", "720p60", "480p30", "360p30"),
                ids(Ladder.multitrack(1080, 1920, 1080, 60, 5, 0)));
        assertEquals(6000, Ladder.multitrack(1080, 1920, 1080, 60, 5, 0).get(0).videoKbps());
        // SD caps at 480 lines; 30 fps everywhere for a 30 fps client
        assertEquals(List.of("480p30", "360p30", "160p30"), ids(Ladder.multitrack(480, 1920, 1080, 30, 5, 0)));
        // the canvas caps too, and maximum_video_tracks
        assertEquals(List.of("720p30", "480p30"), ids(Ladder.multitrack(1080, 1280, 720, 30, 2, 0)));
        // bandwidth: the lowest tracks go first; a top rung alone above it starts the ladder lower
        assertEquals(List.of("720p30", "480p30"), ids(Ladder.multitrack(720, 1920, 1080, 30, 3, 4000)));
        assertEquals(List.of("480p30"), ids(Ladder.multitrack(1080, 1920, 1080, 30, 4, 1500)));
        assertEquals(List.of("160p30"), ids(Ladder.multitrack(1080, 1920, 1080, 30, 4, 1)));
        // widths keep the canvas's aspect ratio, even
        assertEquals(852, Ladder.multitrack(480, 1920, 1080, 30, 1, 0).get(0).width());
    }
}
