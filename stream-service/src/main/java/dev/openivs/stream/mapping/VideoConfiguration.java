package dev.openivs.stream.mapping;

/** AWS shape {@code VideoConfiguration}. */
public record VideoConfiguration(String avcProfile, String avcLevel, String codec, String encoder, Long targetBitrate,
        Long targetFramerate, Long videoHeight, Long videoWidth, String level, String track, String profile) {

    /** The same values as a multitrack-era entry: {@code avcProfile}/{@code avcLevel} empty (model doc). */
    public VideoConfiguration asTrack() {
        return new VideoConfiguration("", "", codec, encoder, targetBitrate, targetFramerate, videoHeight, videoWidth,
                level, track, profile);
    }
}
