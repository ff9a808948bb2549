package dev.openivs.channel.model;

/** Enum value sets of the model used by channel requests, as regular expressions plus their AWS-style texts. */
public final class ChannelShapes {
    public static final String LATENCY_MODES = "NORMAL|LOW";
    public static final String LATENCY_MODES_TEXT = "[NORMAL, LOW]";
    public static final String TYPES = "BASIC|STANDARD|ADVANCED_SD|ADVANCED_HD";
    public static final String TYPES_TEXT = "[BASIC, STANDARD, ADVANCED_SD, ADVANCED_HD]";
    /** The two presets, or "" (no preset; what BASIC and STANDARD channels report). */
    public static final String PRESETS = "|HIGHER_BANDWIDTH_DELIVERY|CONSTRAINED_BANDWIDTH_DELIVERY";
    public static final String PRESETS_TEXT = "[HIGHER_BANDWIDTH_DELIVERY, CONSTRAINED_BANDWIDTH_DELIVERY]";
    public static final String CONTAINER_FORMATS = "TS|FRAGMENTED_MP4";
    public static final String CONTAINER_FORMATS_TEXT = "[TS, FRAGMENTED_MP4]";
    public static final String MULTITRACK_POLICIES = "ALLOW|REQUIRE";
    public static final String MULTITRACK_POLICIES_TEXT = "[ALLOW, REQUIRE]";
    public static final String RESOLUTIONS = "SD|HD|FULL_HD";
    public static final String RESOLUTIONS_TEXT = "[SD, HD, FULL_HD]";

    private ChannelShapes() {
    }
}
