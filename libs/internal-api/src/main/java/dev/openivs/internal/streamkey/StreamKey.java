package dev.openivs.internal.streamkey;

import java.util.Map;

/**
 * The model's {@code StreamKey}, value included: only Create/Get/BatchGet responses and the internal create
 * ({@link StreamKeyClient#create}) carry it.
 */
public record StreamKey(String arn, String value, String channelArn, Map<String, String> tags) {
}
