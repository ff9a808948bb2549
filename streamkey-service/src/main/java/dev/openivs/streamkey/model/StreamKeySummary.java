package dev.openivs.streamkey.model;

import java.util.Map;

/** The model's {@code StreamKeySummary}: never the value. */
public record StreamKeySummary(String arn, String channelArn, Map<String, String> tags) {
}
