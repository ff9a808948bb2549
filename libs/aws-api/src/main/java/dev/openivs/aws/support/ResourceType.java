package dev.openivs.aws.support;

/** The IVS resource types and the word each uses in its ARN. */
public enum ResourceType {
    CHANNEL("channel"),
    STREAM_KEY("stream-key"),
    PLAYBACK_KEY("playback-key"),
    RECORDING_CONFIGURATION("recording-configuration"),
    PLAYBACK_RESTRICTION_POLICY("playback-restriction-policy"),
    AD_CONFIGURATION("ad-configuration");

    private final String arnWord;

    ResourceType(String arnWord) {
        this.arnWord = arnWord;
    }

    public String arnWord() {
        return arnWord;
    }

    public static ResourceType fromArnWord(String word) {
        for (ResourceType t : values()) {
            if (t.arnWord.equals(word)) {
                return t;
            }
        }
        return null;
    }
}
