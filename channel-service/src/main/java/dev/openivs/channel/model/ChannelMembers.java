package dev.openivs.channel.model;

import static dev.openivs.aws.support.Constraints.MAX_LENGTH_128;
import static dev.openivs.aws.support.Constraints.MUST_BE_ONE_OF;
import static dev.openivs.aws.support.Constraints.MUST_MATCH;
import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import dev.openivs.aws.support.Constraints;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The model's constraints on channel members, composed once for CreateChannel, UpdateChannel and ListChannels. Each
 * composing constraint reports its own AWS-style violation.
 */
public final class ChannelMembers {
    private ChannelMembers() {
    }

    /** ChannelName: 0..128 of [a-zA-Z0-9-_]. */
    @Constraint(validatedBy = {})
    @Target({FIELD, METHOD, PARAMETER, TYPE_USE, ANNOTATION_TYPE})
    @Retention(RUNTIME)
    @Size(max = 128, message = MAX_LENGTH_128)
    @Pattern(regexp = Constraints.NAME, message = MUST_MATCH + Constraints.NAME)
    public @interface Name {
        String message() default "";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** ChannelLatencyMode. */
    @Constraint(validatedBy = {})
    @Target({FIELD, METHOD, PARAMETER, TYPE_USE, ANNOTATION_TYPE})
    @Retention(RUNTIME)
    @Pattern(regexp = ChannelShapes.LATENCY_MODES, message = MUST_BE_ONE_OF + ChannelShapes.LATENCY_MODES_TEXT)
    public @interface LatencyMode {
        String message() default "";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** ChannelType. */
    @Constraint(validatedBy = {})
    @Target({FIELD, METHOD, PARAMETER, TYPE_USE, ANNOTATION_TYPE})
    @Retention(RUNTIME)
    @Pattern(regexp = ChannelShapes.TYPES, message = MUST_BE_ONE_OF + ChannelShapes.TYPES_TEXT)
    public @interface Type {
        String message() default "";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** TranscodePreset (or ""). */
    @Constraint(validatedBy = {})
    @Target({FIELD, METHOD, PARAMETER, TYPE_USE, ANNOTATION_TYPE})
    @Retention(RUNTIME)
    @Pattern(regexp = ChannelShapes.PRESETS, message = MUST_BE_ONE_OF + ChannelShapes.PRESETS_TEXT)
    public @interface Preset {
        String message() default "";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** ContainerFormat. */
    @Constraint(validatedBy = {})
    @Target({FIELD, METHOD, PARAMETER, TYPE_USE, ANNOTATION_TYPE})
    @Retention(RUNTIME)
    @Pattern(regexp = ChannelShapes.CONTAINER_FORMATS, message = MUST_BE_ONE_OF + ChannelShapes.CONTAINER_FORMATS_TEXT)
    public @interface ContainerFormat {
        String message() default "";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** ChannelRecordingConfigurationArn: "" or a recording configuration ARN. */
    @Constraint(validatedBy = {})
    @Target({FIELD, METHOD, PARAMETER, TYPE_USE, ANNOTATION_TYPE})
    @Retention(RUNTIME)
    @Size(max = 128, message = MAX_LENGTH_128)
    @Pattern(regexp = Constraints.CHANNEL_RECORDING_CONFIGURATION_ARN,
            message = MUST_MATCH + Constraints.CHANNEL_RECORDING_CONFIGURATION_ARN)
    public @interface RecordingConfigurationArn {
        String message() default "";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** ChannelPlaybackRestrictionPolicyArn: "" or a policy ARN. */
    @Constraint(validatedBy = {})
    @Target({FIELD, METHOD, PARAMETER, TYPE_USE, ANNOTATION_TYPE})
    @Retention(RUNTIME)
    @Size(max = 128, message = MAX_LENGTH_128)
    @Pattern(regexp = Constraints.CHANNEL_PLAYBACK_RESTRICTION_POLICY_ARN,
            message = MUST_MATCH + Constraints.CHANNEL_PLAYBACK_RESTRICTION_POLICY_ARN)
    public @interface PlaybackRestrictionPolicyArn {
        String message() default "";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** ChannelAdConfigurationArn: "" or an ad configuration ARN. */
    @Constraint(validatedBy = {})
    @Target({FIELD, METHOD, PARAMETER, TYPE_USE, ANNOTATION_TYPE})
    @Retention(RUNTIME)
    @Size(max = 128, message = MAX_LENGTH_128)
    @Pattern(regexp = Constraints.CHANNEL_AD_CONFIGURATION_ARN,
            message = MUST_MATCH + Constraints.CHANNEL_AD_CONFIGURATION_ARN)
    public @interface AdConfigurationArn {
        String message() default "";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }
}
