package dev.openivs.streamkey.model;

import java.util.Map;

/** The model's {@code StreamKey}, value included: only Create/Get/BatchGet responses carry it. */
public record StreamKey(String arn, String value, String channelArn, Map<String, String> tags) {
}
