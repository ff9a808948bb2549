package dev.openivs.streamkey.model;

/** The data of StreamKeyCreated.v1 and StreamKeyDeleted.v1: never the value. */
public record StreamKeyEventData(String arn, String channelArn) {
}
