-- Communities, the platform channels each one joins, and per-community settings.
CREATE TABLE communities (
    id          text        PRIMARY KEY,
    name        text        NOT NULL,
    created_at  timestamptz NOT NULL
);
-- A platform channel belongs to at most one community.
CREATE TABLE community_channels (
    platform      text        NOT NULL,
    channel_id    text        NOT NULL,
    community     text        NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    channel_name  text        NOT NULL,
    linked_at     timestamptz NOT NULL,
    PRIMARY KEY (platform, channel_id)
);
CREATE INDEX community_channels_community ON community_channels (community);
CREATE TABLE community_settings (
    community   text        NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    content     text        NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (community, name)
);
