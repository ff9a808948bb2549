package dev.openivs.streamkey.model;

import java.util.Map;

/** Internal: the body of {@code POST /internal/stream-keys} (CreateChannel's key). */
public record NewStreamKey(String channelArn, Map<String, String> tags) {
}
