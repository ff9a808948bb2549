package dev.openivs.playbackauth.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/** Internal: the verdict; the optional members echo the token's claims for the edge to enforce. */
public record VerifyPlaybackTokenResponse(boolean allowed, String reason, String viewerId, Long viewerSessionVersion,
        String maxResolution, String allowedOrigin, Boolean strictOriginEnforcement, String singleUseUuid,
        java.time.Instant expiresAt) {
}
