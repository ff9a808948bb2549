package dev.openivs.stream.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** What one replica's playback edge counts for one channel (viewerCount is the sum over fresh rows). */
@Entity
@Table(name = "stream_viewers")
public class StreamViewersEntity {
    @Id
    public String id;

    @Column(name = "owner_instance", nullable = false)
    public String ownerInstance;

    @Column(name = "channel_arn", nullable = false)
    public String channelArn;

    @Column(nullable = false)
    public long viewers;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
