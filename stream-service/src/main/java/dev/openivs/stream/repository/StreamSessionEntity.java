package dev.openivs.stream.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One stream session: from the accepted publish to the disconnect. Snapshots are JSON text. */
@Entity
@Table(name = "stream_session")
public class StreamSessionEntity {
    @Id
    @Column(name = "stream_id")
    public String streamId;

    @Column(nullable = false)
    public String account;

    @Column(name = "channel_arn", nullable = false)
    public String channelArn;

    @Column(name = "channel_name", nullable = false)
    public String channelName;

    @Column(name = "playback_url")
    public String playbackUrl;

    @Column(name = "start_time", nullable = false)
    public Instant startTime;

    @Column(name = "end_time")
    public Instant endTime;

    @Column(nullable = false)
    public String health;

    @Column(name = "has_error_event", nullable = false)
    public boolean hasErrorEvent;

    @Column(nullable = false)
    public String transport;

    @Column(name = "channel_json", nullable = false, columnDefinition = "text")
    public String channelJson;

    @Column(name = "recording_json", columnDefinition = "text")
    public String recordingJson;

    @Column(name = "ingest_json", columnDefinition = "text")
    public String ingestJson;

    @Column(name = "owner_instance", nullable = false)
    public String ownerInstance;

    @Column(name = "owner_url")
    public String ownerUrl;

    /** The holder's playback edge, where other replicas fetch this channel's playlists and media. */
    @Column(name = "owner_playback_url")
    public String ownerPlaybackUrl;

    @Column(name = "heartbeat_at", nullable = false)
    public Instant heartbeatAt;
}
