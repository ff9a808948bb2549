package dev.openivs.events;

/** Kafka topics of the suite (see asyncapi.yaml). Internal topics are keyed by the channel ARN where one exists. */
public final class Topics {
    public static final String EVENTBRIDGE = "ivs.eventbridge";
    public static final String CHANNEL = "ivs.channel";
    public static final String STREAM_KEY = "ivs.streamkey";
    public static final String STREAM = "ivs.stream";
    public static final String PLAYBACK_AUTH = "ivs.playback-auth";
    public static final String RECORDING = "ivs.recording";
    public static final String TAGS = "ivs.tags";
    public static final String DEAD_LETTER = "ivs.dlq";

    private Topics() {
    }
}
