package dev.openivs.stream.mapping;

import dev.openivs.aws.support.Constraints;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** AWS shape {@code PutMetadataRequest}; the 1 KB bound on {@code metadata} is checked in bytes by the service. */
public record PutMetadataRequest(
        @NotNull @Size(min = 1, max = 128) @Pattern(regexp = Constraints.CHANNEL_ARN) String channelArn,
        @NotNull @Size(min = 1) String metadata) {

    @Override
    public String toString() {
        return "PutMetadataRequest[channelArn=" + channelArn + ", metadata=<sensitive>]";
    }
}
