package dev.openivs.channel.service;

import dev.openivs.aws.errors.ValidationException;
import dev.openivs.channel.model.CreateChannelRequest;
import dev.openivs.channel.model.MultitrackInputConfiguration;
import dev.openivs.channel.model.UpdateChannelRequest;
import dev.openivs.channel.repository.ChannelEntity;

/**
 * The configurable members of a channel as a Create or Update request gives them (null = not given), and the model's
 * rules for combining them: defaults on creation, "omitted keeps the value" on update, preset only for ADVANCED_*
 * types, multitrack only for STANDARD with FRAGMENTED_MP4.
 */
public record ChannelSettings(String name, String latencyMode, String type, Boolean authorized,
        String recordingConfigurationArn, Boolean insecureIngest, String preset, String playbackRestrictionPolicyArn,
        MultitrackInputConfiguration multitrack, String containerFormat, String adConfigurationArn) {

    static final String STANDARD = "STANDARD";
    static final String HIGHER_BANDWIDTH_DELIVERY = "HIGHER_BANDWIDTH_DELIVERY";
    static final String FRAGMENTED_MP4 = "FRAGMENTED_MP4";

    public static ChannelSettings of(CreateChannelRequest r) {
        return new ChannelSettings(r.name(), r.latencyMode(), r.type(), r.authorized(), r.recordingConfigurationArn(),
                r.insecureIngest(), r.preset(), r.playbackRestrictionPolicyArn(), r.multitrackInputConfiguration(),
                r.containerFormat(), r.adConfigurationArn());
    }

    public static ChannelSettings of(UpdateChannelRequest r) {
        return new ChannelSettings(r.name(), r.latencyMode(), r.type(), r.authorized(), r.recordingConfigurationArn(),
                r.insecureIngest(), r.preset(), r.playbackRestrictionPolicyArn(), r.multitrackInputConfiguration(),
                r.containerFormat(), r.adConfigurationArn());
    }

    /** Fills a new channel: given members, else the model's defaults. */
    public void applyToNew(ChannelEntity e) {
        if (multitrack != null && Boolean.TRUE.equals(multitrack.enabled()) && containerFormat == null) {
            throw new ValidationException(
                    "containerFormat is required and must be FRAGMENTED_MP4 when multitrack input is enabled.");
        }
        e.name = "";
        e.latencyMode = "LOW";
        e.type = STANDARD;
        e.authorized = false;
        e.insecureIngest = false;
        e.preset = "";
        e.recordingConfigurationArn = "";
        e.playbackRestrictionPolicyArn = "";
        e.adConfigurationArn = "";
        e.containerFormat = "TS";
        e.multitrackEnabled = false;
        e.multitrackPolicy = "ALLOW";
        e.multitrackMaximumResolution = "FULL_HD";
        applyTo(e);
    }

    /** Applies the given members to an existing channel, refusing combinations the model does not allow. */
    public void applyTo(ChannelEntity e) {
        e.name = or(name, e.name);
        e.latencyMode = or(latencyMode, e.latencyMode);
        e.type = or(type, e.type);
        e.authorized = or(authorized, e.authorized);
        e.insecureIngest = or(insecureIngest, e.insecureIngest);
        e.recordingConfigurationArn = or(recordingConfigurationArn, e.recordingConfigurationArn);
        e.playbackRestrictionPolicyArn = or(playbackRestrictionPolicyArn, e.playbackRestrictionPolicyArn);
        e.adConfigurationArn = or(adConfigurationArn, e.adConfigurationArn);
        e.containerFormat = or(containerFormat, e.containerFormat);
        applyPreset(e);
        applyMultitrack(e);
    }

    private void applyPreset(ChannelEntity e) {
        boolean advanced = e.type.startsWith("ADVANCED_");
        boolean given = preset != null && !preset.isEmpty();
        if (!advanced) {
            if (given) {
                throw new ValidationException("preset can be set only for ADVANCED_SD and ADVANCED_HD channels.");
            }
            e.preset = "";
        } else if (given) {
            e.preset = preset;
        } else if (e.preset == null || e.preset.isEmpty()) {
            e.preset = HIGHER_BANDWIDTH_DELIVERY;
        }
    }

    private void applyMultitrack(ChannelEntity e) {
        if (multitrack != null) {
            boolean enabled = Boolean.TRUE.equals(multitrack.enabled());
            if (enabled && (multitrack.policy() == null || multitrack.maximumResolution() == null)) {
                throw new ValidationException("multitrackInputConfiguration.policy and "
                        + "multitrackInputConfiguration.maximumResolution are required when multitrack input is enabled.");
            }
            e.multitrackEnabled = enabled;
            e.multitrackPolicy = or(multitrack.policy(), e.multitrackPolicy);
            e.multitrackMaximumResolution = or(multitrack.maximumResolution(), e.multitrackMaximumResolution);
        }
        if (e.multitrackEnabled) {
            if (!STANDARD.equals(e.type)) {
                throw new ValidationException("Multitrack input can be enabled only for STANDARD channels.");
            }
            if (!FRAGMENTED_MP4.equals(e.containerFormat)) {
                throw new ValidationException("containerFormat must be FRAGMENTED_MP4 when multitrack input is enabled.");
            }
        }
    }

    private static <T> T or(T given, T current) {
        return given != null ? given : current;
    }
}
