package dev.openivs.recording.repository;

import dev.openivs.events.db.OwnedResourceRepository;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class RecordingConfigurationRepository implements OwnedResourceRepository<RecordingConfigurationEntity> {

    @Override
    public String lockName() {
        return "recording-configuration";
    }
}
