CREATE TABLE channel (
    id       VARCHAR(64) PRIMARY KEY,
    account  VARCHAR(12) NOT NULL,
    name     VARCHAR(128) NOT NULL DEFAULT ''
);
