package dev.openivs.recording.model;

/** The output of CreateRecordingConfiguration and GetRecordingConfiguration (same single member). */
public record RecordingConfigurationResponse(RecordingConfiguration recordingConfiguration) {
}
