package dev.openivs.channel.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A channel row. Unset ARNs are stored as {@code ""}, as the model reports them. */
@Entity
@Table(name = "channel")
public class ChannelEntity {
    public static final String CREATING = "CREATING";
    public static final String ACTIVE = "ACTIVE";

    @Id
    public String id;
    public String account;
    public String arn;
    public String name;
    @Column(name = "latency_mode")
    public String latencyMode;
    public String type;
    public boolean authorized;
    @Column(name = "insecure_ingest")
    public boolean insecureIngest;
    public String preset;
    @Column(name = "recording_configuration_arn")
    public String recordingConfigurationArn;
    @Column(name = "playback_restriction_policy_arn")
    public String playbackRestrictionPolicyArn;
    @Column(name = "ad_configuration_arn")
    public String adConfigurationArn;
    @Column(name = "container_format")
    public String containerFormat;
    @Column(name = "multitrack_enabled")
    public boolean multitrackEnabled;
    @Column(name = "multitrack_policy")
    public String multitrackPolicy;
    @Column(name = "multitrack_maximum_resolution")
    public String multitrackMaximumResolution;
    @Column(name = "srt_passphrase")
    public String srtPassphrase;
    public String state;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
