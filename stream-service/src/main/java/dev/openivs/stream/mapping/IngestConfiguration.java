package dev.openivs.stream.mapping;

import java.util.List;

/**
 * AWS shape {@code IngestConfiguration} (deprecated single-track form). {@code tracks} is not part of the shape: the
 * further video tracks of a multitrack publish (Track1..N), kept with the session so that
 * {@code ingestConfigurations} can list them; responses carry it as null (omitted).
 */
public record IngestConfiguration(VideoConfiguration video, AudioConfiguration audio,
        List<VideoConfiguration> tracks) {
    public IngestConfiguration(VideoConfiguration video, AudioConfiguration audio) {
        this(video, audio, null);
    }

    /** The AWS shape alone (without {@code tracks}). */
    public IngestConfiguration single() {
        return tracks == null ? this : new IngestConfiguration(video, audio);
    }

    /** {@code ingestConfigurations}: Track0 and every further track, {@code avcProfile}/{@code avcLevel} empty. */
    public IngestConfigurations all() {
        List<VideoConfiguration> videos = new java.util.ArrayList<>();
        if (video != null) {
            videos.add(video.asTrack());
        }
        if (tracks != null) {
            tracks.forEach(t -> videos.add(t.asTrack()));
        }
        return new IngestConfigurations(videos, audio == null ? List.of() : List.of(audio));
    }
}
