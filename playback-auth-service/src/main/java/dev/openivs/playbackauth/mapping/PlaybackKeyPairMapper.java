package dev.openivs.playbackauth.mapping;

import dev.openivs.playbackauth.model.PlaybackKeyPair;
import dev.openivs.playbackauth.repository.PlaybackKeyPairEntity;
import java.util.Map;

/** Entity to wire shape; the public key itself never goes back out. */
public final class PlaybackKeyPairMapper {
    private PlaybackKeyPairMapper() {
    }

    public static PlaybackKeyPair toWire(PlaybackKeyPairEntity e, Map<String, String> tags) {
        return new PlaybackKeyPair(e.arn, e.name, e.fingerprint, tags);
    }
}
