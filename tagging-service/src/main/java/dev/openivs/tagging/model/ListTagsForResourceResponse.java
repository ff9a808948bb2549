package dev.openivs.tagging.model;

import java.util.Map;

/** ListTagsForResource output. */
public record ListTagsForResourceResponse(Map<String, String> tags) {
}
