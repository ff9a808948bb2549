package dev.openivs.channel.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.aws.errors.ValidationException;
import dev.openivs.channel.model.MultitrackInputConfiguration;
import dev.openivs.channel.repository.ChannelEntity;
import org.junit.jupiter.api.Test;

/** The model's rules for channel members, without a server. */
class ChannelSettingsTest {

    private static ChannelSettings settings(String type, String preset, MultitrackInputConfiguration mt,
            String containerFormat) {
        return new ChannelSettings(null, null, type, null, null, null, preset, null, mt, containerFormat, null);
    }

    private static ChannelEntity created(ChannelSettings s) {
        ChannelEntity e = new ChannelEntity();
        s.applyToNew(e);
        return e;
    }

    @Test
    void shouldApplyTheModelDefaults() {
        ChannelEntity e = created(settings(null, null, null, null));
        assertEquals("", e.name);
        assertEquals("LOW", e.latencyMode);
        assertEquals("STANDARD", e.type);
        assertEquals("", e.preset);
        assertEquals("TS", e.containerFormat);
        assertEquals("", e.recordingConfigurationArn);
        assertEquals("", e.playbackRestrictionPolicyArn);
        assertFalse(e.multitrackEnabled);
        assertEquals("ALLOW", e.multitrackPolicy);
        assertEquals("FULL_HD", e.multitrackMaximumResolution);
    }

    @Test
    void shouldDefaultThePresetOnlyForAdvancedTypes() {
        assertEquals("HIGHER_BANDWIDTH_DELIVERY", created(settings("ADVANCED_HD", null, null, null)).preset);
        assertEquals("HIGHER_BANDWIDTH_DELIVERY", created(settings("ADVANCED_SD", "", null, null)).preset);
        assertEquals("CONSTRAINED_BANDWIDTH_DELIVERY",
                created(settings("ADVANCED_SD", "CONSTRAINED_BANDWIDTH_DELIVERY", null, null)).preset);
        assertEquals("", created(settings("BASIC", "", null, null)).preset);
        assertThrows(ValidationException.class,
                () -> created(settings("BASIC", "CONSTRAINED_BANDWIDTH_DELIVERY", null, null)));
        assertThrows(ValidationException.class,
                () -> created(settings(null, "HIGHER_BANDWIDTH_DELIVERY", null, null)));
    }

    @Test
    void shouldClearThePresetWhenTheTypeBecomesStandard() {
        ChannelEntity e = created(settings("ADVANCED_HD", "CONSTRAINED_BANDWIDTH_DELIVERY", null, null));
        settings("STANDARD", null, null, null).applyTo(e);
        assertEquals("", e.preset);
        settings("ADVANCED_SD", null, null, null).applyTo(e);
        assertEquals("HIGHER_BANDWIDTH_DELIVERY", e.preset);
    }

    @Test
    void shouldAllowMultitrackOnlyOnStandardWithFragmentedMp4() {
        MultitrackInputConfiguration on = new MultitrackInputConfiguration(true, "REQUIRE", "SD");
        ChannelEntity e = created(settings(null, null, on, "FRAGMENTED_MP4"));
        assertTrue(e.multitrackEnabled);
        assertThrows(ValidationException.class, () -> created(settings(null, null, on, null)));
        assertThrows(ValidationException.class, () -> created(settings(null, null, on, "TS")));
        assertThrows(ValidationException.class, () -> created(settings("ADVANCED_SD", null, on, "FRAGMENTED_MP4")));
        assertThrows(ValidationException.class,
                () -> created(settings(null, null, new MultitrackInputConfiguration(true, null, "SD"), "FRAGMENTED_MP4")));
        assertThrows(ValidationException.class, () -> settings("BASIC", null, null, null).applyTo(e));
        assertThrows(ValidationException.class, () -> settings(null, null, null, "TS").applyTo(e));
    }

    @Test
    void shouldKeepPolicyAndResolutionWhenMultitrackIsDisabled() {
        ChannelEntity e = created(settings(null, null, new MultitrackInputConfiguration(true, "REQUIRE", "HD"),
                "FRAGMENTED_MP4"));
        settings(null, null, new MultitrackInputConfiguration(false, null, null), null).applyTo(e);
        assertFalse(e.multitrackEnabled);
        assertEquals("REQUIRE", e.multitrackPolicy);
        assertEquals("HD", e.multitrackMaximumResolution);
        settings(null, null, null, "TS").applyTo(e);
        assertEquals("TS", e.containerFormat);
    }

    @Test
    void shouldLeaveOmittedMembersUnchangedOnUpdate() {
        ChannelEntity e = created(new ChannelSettings("n", "NORMAL", "BASIC", true, "", true, null, "", null, null, ""));
        new ChannelSettings(null, null, null, null, null, null, null, null, null, null, null).applyTo(e);
        assertEquals("n", e.name);
        assertEquals("NORMAL", e.latencyMode);
        assertEquals("BASIC", e.type);
        assertTrue(e.authorized);
        assertTrue(e.insecureIngest);
    }
}
