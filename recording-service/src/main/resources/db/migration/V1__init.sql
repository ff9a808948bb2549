-- recording-service: recording configurations (tags live in tagging-service).
CREATE TABLE recording_configuration (
    arn                        VARCHAR(128) PRIMARY KEY,
    seq                        BIGSERIAL    NOT NULL UNIQUE,
    account                    VARCHAR(12)  NOT NULL,
    name                       VARCHAR(128) NOT NULL,
    bucket_name                VARCHAR(63)  NOT NULL,
    state                      VARCHAR(16)  NOT NULL,
    thumbnail_recording_mode   VARCHAR(16)  NOT NULL,
    thumbnail_interval_seconds BIGINT       NOT NULL,
    thumbnail_resolution       VARCHAR(32),
    thumbnail_storage          VARCHAR(64)  NOT NULL,
    rendition_selection        VARCHAR(16)  NOT NULL,
    renditions                 VARCHAR(128) NOT NULL,
    reconnect_window_seconds   INTEGER      NOT NULL,
    created_at                 TIMESTAMPTZ  NOT NULL
);
CREATE INDEX recording_configuration_account ON recording_configuration (account, seq);
