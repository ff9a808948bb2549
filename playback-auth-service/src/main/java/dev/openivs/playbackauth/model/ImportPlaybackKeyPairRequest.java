package dev.openivs.playbackauth.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

public record ImportPlaybackKeyPairRequest(
        @NotNull(message = "Member must not be null") String publicKeyMaterial,
        @Size(max = 128, message = "Member must have length less than or equal to 128")
        @Pattern(regexp = "[a-zA-Z0-9-_]*", message = "Member must satisfy regular expression pattern: [a-zA-Z0-9-_]*")
        String name,
        Map<String, String> tags) {
}
