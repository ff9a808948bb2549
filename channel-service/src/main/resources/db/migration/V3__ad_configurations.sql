-- Ad configurations (server-side ad insertion). Owned here because channels reference them: the reference check of
-- Create/UpdateChannel and the "still referenced" check of DeleteAdConfiguration are local transactions.
-- Tags live in tagging-service.
CREATE TABLE ad_configuration (
    arn                         VARCHAR(128) PRIMARY KEY,
    seq                         BIGSERIAL    NOT NULL UNIQUE,
    account                     VARCHAR(12)  NOT NULL,
    name                        VARCHAR(128) NOT NULL,
    -- the MediaTailor playback configuration ARNs, in order (the first is the default), comma-separated
    playback_configuration_arns VARCHAR(400) NOT NULL,
    post_roll_enabled           BOOLEAN      NOT NULL,
    post_roll_duration_seconds  INTEGER      NOT NULL,
    created_at                  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX ad_configuration_account ON ad_configuration (account, seq);
CREATE INDEX channel_ad_configuration ON channel (account, ad_configuration_arn);
