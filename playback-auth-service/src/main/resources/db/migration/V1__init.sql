-- playback-auth-service: playback key pairs, viewer-session revocations, playback restriction policies and the
-- single-use playback tokens already spent. Tags live in tagging-service.
CREATE TABLE playback_key_pair (
    arn         VARCHAR(128) PRIMARY KEY,
    seq         BIGSERIAL    NOT NULL UNIQUE,
    account     VARCHAR(12)  NOT NULL,
    name        VARCHAR(128) NOT NULL,
    fingerprint VARCHAR(64)  NOT NULL,
    public_key  BYTEA        NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL,
    CONSTRAINT playback_key_pair_unique_key UNIQUE (account, fingerprint)
);
CREATE INDEX playback_key_pair_account ON playback_key_pair (account, seq);

CREATE TABLE viewer_revocation (
    channel_arn   VARCHAR(128) NOT NULL,
    viewer_id     VARCHAR(40)  NOT NULL,
    account       VARCHAR(12)  NOT NULL,
    revoked_up_to BIGINT       NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (channel_arn, viewer_id)
);

CREATE TABLE playback_restriction_policy (
    arn                      VARCHAR(128) PRIMARY KEY,
    seq                      BIGSERIAL    NOT NULL UNIQUE,
    account                  VARCHAR(12)  NOT NULL,
    name                     VARCHAR(128) NOT NULL,
    allowed_countries        TEXT         NOT NULL,
    allowed_origins          TEXT         NOT NULL,
    strict_origin_enforcement BOOLEAN     NOT NULL,
    created_at               TIMESTAMPTZ  NOT NULL
);
CREATE INDEX playback_restriction_policy_account ON playback_restriction_policy (account, seq);

CREATE TABLE spent_single_use_token (
    channel_arn VARCHAR(128) NOT NULL,
    token_uuid  VARCHAR(128) NOT NULL,
    expires_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (channel_arn, token_uuid)
);
CREATE INDEX spent_single_use_token_expiry ON spent_single_use_token (expires_at);
