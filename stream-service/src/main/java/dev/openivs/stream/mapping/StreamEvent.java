package dev.openivs.stream.mapping;

import java.time.Instant;

/** AWS shape {@code StreamEvent}: name = EventBridge event name, type = EventBridge detail-type. */
public record StreamEvent(String name, String type, Instant eventTime, String code) {
}
