package dev.openivs.playbackauth.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

public record PlaybackRestrictionPolicy(String arn, List<String> allowedCountries, List<String> allowedOrigins,
        Boolean enableStrictOriginEnforcement, String name, Map<String, String> tags) {
}
