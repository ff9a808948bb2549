package dev.openivs.channel.model;

import dev.openivs.aws.shapes.BatchError;
import java.util.List;

/** BatchGetChannel output. */
public record BatchGetChannelResponse(List<Channel> channels, List<BatchError> errors) {
}
