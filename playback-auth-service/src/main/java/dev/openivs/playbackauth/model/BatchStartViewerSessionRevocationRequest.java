package dev.openivs.playbackauth.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

public record BatchStartViewerSessionRevocationRequest(
        @NotNull(message = "Member must not be null")
        @Size(min = 1, max = 20, message = "Member must have length between 1 and 20")
        List<@NotNull(message = "Member must not be null") @Valid BatchStartViewerSessionRevocationViewerSession> viewerSessions) {
}
