-- Communities, the platform channels each one joins, and per-community settings (embedded profile).
CREATE TABLE communities (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(128) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE TABLE community_channels (
    platform      VARCHAR(16)  NOT NULL,
    channel_id    VARCHAR(128) NOT NULL,
    community     VARCHAR(64)  NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    channel_name  VARCHAR(128) NOT NULL,
    linked_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (platform, channel_id)
);
CREATE INDEX community_channels_community ON community_channels (community);
CREATE TABLE community_settings (
    community   VARCHAR(64)   NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    name        VARCHAR(128)  NOT NULL,
    content     VARCHAR(8000) NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (community, name)
);
