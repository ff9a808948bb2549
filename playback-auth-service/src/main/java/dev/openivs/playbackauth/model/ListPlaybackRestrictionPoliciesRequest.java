package dev.openivs.playbackauth.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

public record ListPlaybackRestrictionPoliciesRequest(
        @Size(max = 1024, message = "Member must have length less than or equal to 1024")
        @Pattern(regexp = "[a-zA-Z0-9+/=_-]*", message = "Member must satisfy regular expression pattern: [a-zA-Z0-9+/=_-]*")
        String nextToken,
        @Min(value = 1, message = "Member must have value greater than or equal to 1")
        @Max(value = 100, message = "Member must have value less than or equal to 100")
        Integer maxResults) {
}
