package dev.openivs.channel.model;

import java.util.Map;

/** The model's {@code StreamKey}, as streamkey-service creates it for a new channel. */
public record StreamKey(String arn, String value, String channelArn, Map<String, String> tags) {
}
