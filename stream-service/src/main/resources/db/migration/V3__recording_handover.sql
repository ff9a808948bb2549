-- Recording continuity across replicas: a recording waiting in its reconnect window is offered here by the replica
-- that recorded it; a reconnect that lands on another replica claims it (state CLAIMED) and continues it, and the
-- offering replica then hands over instead of finishing it (see RecordingHandovers). One row per channel.
CREATE TABLE stream_recording_handover (
    channel_arn     VARCHAR(128) PRIMARY KEY,
    token           VARCHAR(32)  NOT NULL,      -- one offer (a new offer replaces the row)
    state           VARCHAR(16)  NOT NULL,      -- WAITING | CLAIMED
    owner_instance  VARCHAR(64)  NOT NULL,      -- the replica that offered (WAITING) or claimed (CLAIMED)
    window_ends_at  TIMESTAMPTZ  NOT NULL,
    recording       TEXT         NOT NULL,      -- the recording's state (JSON, see recording.RecordingState)
    updated_at      TIMESTAMPTZ  NOT NULL
);
