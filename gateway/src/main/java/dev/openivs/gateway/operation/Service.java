package dev.openivs.gateway.operation;

/** The services behind the gateway; each URL comes from {@code quarkus.rest-client.<configKey>.url}. */
public enum Service {
    CHANNEL("channel-service"),
    STREAMKEY("streamkey-service"),
    STREAM("stream-service"),
    PLAYBACK_AUTH("playback-auth-service"),
    RECORDING("recording-service"),
    TAGGING("tagging-service");

    private final String configKey;

    Service(String configKey) {
        this.configKey = configKey;
    }

    public String configKey() {
        return configKey;
    }
}
