-- stream-service: stream sessions (one per successful publish) and their events.
CREATE TABLE stream_session (
    stream_id            VARCHAR(26)  PRIMARY KEY,
    account              VARCHAR(12)  NOT NULL,
    channel_arn          VARCHAR(128) NOT NULL,
    channel_name         VARCHAR(128) NOT NULL DEFAULT '',
    playback_url         VARCHAR(1024),
    start_time           TIMESTAMPTZ  NOT NULL,
    end_time             TIMESTAMPTZ,
    health               VARCHAR(16)  NOT NULL DEFAULT 'UNKNOWN',
    has_error_event      BOOLEAN      NOT NULL DEFAULT FALSE,
    transport            VARCHAR(8)   NOT NULL,
    channel_json         TEXT         NOT NULL,
    recording_json       TEXT,
    ingest_json          TEXT,
    owner_instance       VARCHAR(64)  NOT NULL,
    owner_url            VARCHAR(256),
    heartbeat_at         TIMESTAMPTZ  NOT NULL
);
-- At most one live session per channel, whichever replica holds it: the cross-replica second-publisher guard.
CREATE UNIQUE INDEX stream_session_one_live ON stream_session (channel_arn) WHERE end_time IS NULL;
CREATE INDEX stream_session_by_channel ON stream_session (channel_arn, start_time DESC, stream_id DESC);
CREATE INDEX stream_session_live_by_account ON stream_session (account, channel_arn) WHERE end_time IS NULL;

CREATE TABLE stream_event (
    id          BIGSERIAL    PRIMARY KEY,
    stream_id   VARCHAR(26)  NOT NULL REFERENCES stream_session (stream_id) ON DELETE CASCADE,
    name        VARCHAR(64)  NOT NULL,
    type        VARCHAR(64)  NOT NULL,
    code        VARCHAR(64),
    event_time  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX stream_event_by_session ON stream_event (stream_id, event_time DESC, id DESC);
