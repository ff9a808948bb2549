package dev.openivs.playbackauth.repository;

import dev.openivs.events.db.OwnedResourceRepository;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class PlaybackRestrictionPolicyRepository implements OwnedResourceRepository<PlaybackRestrictionPolicyEntity> {

    @Override
    public String lockName() {
        return "playback-restriction-policy";
    }
}
