package dev.openivs.recording.repository;

import dev.openivs.events.db.OwnedResourceEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A recording configuration; list members are stored comma-separated (they are short enum lists). */
@Entity
@Table(name = "recording_configuration")
public class RecordingConfigurationEntity extends OwnedResourceEntity {
    @Column(name = "bucket_name")
    public String bucketName;

    public String state;

    @Column(name = "thumbnail_recording_mode")
    public String thumbnailRecordingMode;

    @Column(name = "thumbnail_interval_seconds")
    public long thumbnailIntervalSeconds;

    @Column(name = "thumbnail_resolution")
    public String thumbnailResolution;

    @Column(name = "thumbnail_storage")
    public String thumbnailStorage;

    @Column(name = "rendition_selection")
    public String renditionSelection;

    public String renditions;

    @Column(name = "reconnect_window_seconds")
    public int reconnectWindowSeconds;
}
