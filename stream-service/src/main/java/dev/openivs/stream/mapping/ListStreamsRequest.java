package dev.openivs.stream.mapping;

import dev.openivs.aws.support.Constraints;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** AWS shape {@code ListStreamsRequest}. */
public record ListStreamsRequest(@Valid StreamFilters filterBy,
        @Size(max = 1024) @Pattern(regexp = Constraints.PAGINATION_TOKEN) String nextToken,
        @Min(1) @Max(100) Integer maxResults) {
}
