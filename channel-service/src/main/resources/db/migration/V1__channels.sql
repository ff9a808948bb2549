-- channel-service: channels. Tags live in tagging-service, stream keys in streamkey-service.
CREATE TABLE channel (
    id                              VARCHAR(64)  PRIMARY KEY,
    account                         VARCHAR(12)  NOT NULL,
    arn                             VARCHAR(128) NOT NULL UNIQUE,
    name                            VARCHAR(128) NOT NULL DEFAULT '',
    latency_mode                    VARCHAR(16)  NOT NULL,
    type                            VARCHAR(16)  NOT NULL,
    authorized                      BOOLEAN      NOT NULL,
    insecure_ingest                 BOOLEAN      NOT NULL,
    preset                          VARCHAR(40)  NOT NULL DEFAULT '',
    recording_configuration_arn     VARCHAR(128) NOT NULL DEFAULT '',
    playback_restriction_policy_arn VARCHAR(128) NOT NULL DEFAULT '',
    ad_configuration_arn            VARCHAR(128) NOT NULL DEFAULT '',
    container_format                VARCHAR(16)  NOT NULL,
    multitrack_enabled              BOOLEAN      NOT NULL,
    multitrack_policy               VARCHAR(16)  NOT NULL,
    multitrack_maximum_resolution   VARCHAR(16)  NOT NULL,
    srt_passphrase                  VARCHAR(128) NOT NULL,
    -- CREATING while CreateChannel's saga runs (invisible to reads), then ACTIVE
    state                           VARCHAR(16)  NOT NULL,
    created_at                      TIMESTAMPTZ  NOT NULL,
    updated_at                      TIMESTAMPTZ  NOT NULL
);
CREATE INDEX channel_by_account ON channel (account, created_at, id);
CREATE INDEX channel_by_name ON channel (account, name, created_at, id);
CREATE INDEX channel_by_recording ON channel (account, recording_configuration_arn) WHERE recording_configuration_arn <> '';
CREATE INDEX channel_by_policy ON channel (account, playback_restriction_policy_arn) WHERE playback_restriction_policy_arn <> '';
CREATE INDEX channel_creating ON channel (created_at) WHERE state = 'CREATING';
