package dev.openivs.channel.repository;

import dev.openivs.events.db.OwnedResourceEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** An ad configuration; the MediaTailor playback configuration ARNs are stored comma-separated, in order. */
@Entity
@Table(name = "ad_configuration")
public class AdConfigurationEntity extends OwnedResourceEntity {
    @Column(name = "playback_configuration_arns")
    public String playbackConfigurationArns;

    @Column(name = "post_roll_enabled")
    public boolean postRollEnabled;

    @Column(name = "post_roll_duration_seconds")
    public int postRollDurationSeconds;
}
