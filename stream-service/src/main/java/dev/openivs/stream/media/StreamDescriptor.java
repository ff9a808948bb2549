package dev.openivs.stream.media;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openivs.internal.channel.InternalChannel;
import java.time.Instant;

/** What a media sink knows about the stream it receives: ids and the channel as it was at session start. */
public record StreamDescriptor(String streamId, String channelArn, String account, String channelName,
        String latencyMode, String channelType, boolean authorized, String recordingConfigurationArn,
        Instant startTime, JsonNode channel) {

    /** IVS's {@code containerFormat} value of fMP4/CMAF output (live and recorded); the default is {@code TS}. */
    public static final String FRAGMENTED_MP4 = "FRAGMENTED_MP4";

    /** The channel's {@code multitrackInputConfiguration} (IVS's defaults when the channel has none). */
    public record Multitrack(boolean enabled, String policy, String maximumResolution) {
        /** Whether a single-track publish is refused ({@code policy: REQUIRE}). */
        public boolean required() {
            return enabled && "REQUIRE".equals(policy);
        }

        /** The most lines a track may have: SD 480, HD 720, FULL_HD 1080. */
        public int maxLines() {
            return switch (maximumResolution) {
                case "SD" -> 480;
                case "HD" -> 720;
                default -> 1080;
            };
        }
    }

    /** Whether the channel's segments (HLS and recordings) are fMP4/CMAF rather than MPEG-TS. */
    public boolean fragmentedMp4() {
        return channel != null && FRAGMENTED_MP4.equals(channel.path("containerFormat").asText());
    }

    public Multitrack multitrack() {
        JsonNode m = channel == null ? null : channel.path("multitrackInputConfiguration");
        if (m == null || !m.isObject()) {
            return new Multitrack(false, "ALLOW", "FULL_HD");
        }
        return new Multitrack(m.path("enabled").asBoolean(false), m.path("policy").asText("ALLOW"),
                m.path("maximumResolution").asText("FULL_HD"));
    }

    /** The descriptor of a session, from the channel as channel-service answered at its start. */
    public static StreamDescriptor of(String streamId, String channelArn, String account, String channelName,
            Instant startTime, JsonNode channel) {
        InternalChannel typed = InternalChannel.of(channel);
        return new StreamDescriptor(streamId, channelArn, account, channelName,
                typed.latencyMode() == null ? "LOW" : typed.latencyMode(),
                typed.type() == null ? "STANDARD" : typed.type(), Boolean.TRUE.equals(typed.authorized()),
                typed.recordingConfigurationArn() == null ? "" : typed.recordingConfigurationArn(), startTime,
                channel);
    }
}
