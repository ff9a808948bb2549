package dev.openivs.stream.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One event of a stream session (the session's {@code truncatedEvents}). */
@Entity
@Table(name = "stream_event")
public class StreamEventEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "stream_id", nullable = false)
    public String streamId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String type;

    public String code;

    @Column(name = "event_time", nullable = false)
    public Instant eventTime;
}
