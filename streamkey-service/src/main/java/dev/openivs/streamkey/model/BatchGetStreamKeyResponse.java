package dev.openivs.streamkey.model;

import dev.openivs.aws.shapes.BatchError;
import dev.openivs.internal.streamkey.StreamKey;
import java.util.List;

/** BatchGetStreamKey output. */
public record BatchGetStreamKeyResponse(List<StreamKey> streamKeys, List<BatchError> errors) {
}
