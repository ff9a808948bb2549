package dev.openivs.stream.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A recording waiting in its reconnect window (WAITING), or continued by another stream (CLAIMED). */
@Entity
@Table(name = "stream_recording_handover")
public class RecordingHandoverEntity {
    @Id
    @Column(name = "channel_arn")
    public String channelArn;

    @Column(nullable = false)
    public String token;

    @Column(nullable = false)
    public String state;

    @Column(name = "owner_instance", nullable = false)
    public String ownerInstance;

    @Column(name = "window_ends_at", nullable = false)
    public Instant windowEndsAt;

    @Column(nullable = false)
    public String recording;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
