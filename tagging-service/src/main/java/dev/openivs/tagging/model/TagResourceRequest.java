package dev.openivs.tagging.model;

import java.util.Map;

/** The body of TagResource (the ARN travels in the path). */
public record TagResourceRequest(Map<String, String> tags) {
}
