-- People and their platform accounts, embedded profile.
CREATE TABLE persons (
    id            VARCHAR(36)  PRIMARY KEY,
    community     VARCHAR(64)  NOT NULL,
    display_name  VARCHAR(128) NOT NULL,
    first_seen    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE TABLE platform_accounts (
    community        VARCHAR(64)  NOT NULL,
    platform         VARCHAR(16)  NOT NULL,
    platform_user_id VARCHAR(128) NOT NULL,
    person_id        VARCHAR(36)  NOT NULL REFERENCES persons (id),
    login            VARCHAR(128) NOT NULL,
    display_name     VARCHAR(128) NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (community, platform, platform_user_id)
);
CREATE INDEX platform_accounts_person ON platform_accounts (person_id);
