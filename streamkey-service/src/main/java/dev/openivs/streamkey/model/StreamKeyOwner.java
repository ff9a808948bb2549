package dev.openivs.streamkey.model;

/** Internal: whose key a value is. */
public record StreamKeyOwner(String arn, String channelArn, String account) {
}
