package dev.openivs.streamkey.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A stream key row; {@code value} is the secret an encoder presents. */
@Entity
@Table(name = "stream_key")
public class StreamKeyEntity {
    @Id
    public String id;
    public String account;
    public String arn;
    @Column(name = "channel_arn")
    public String channelArn;
    public String value;
    @Column(name = "created_at")
    public Instant createdAt;

    @Override
    public String toString() {
        return "StreamKeyEntity[" + arn + "]";
    }
}
