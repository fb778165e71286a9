-- Interaction log, embedded profile. One row per accepted event, reply and dead letter.
CREATE TABLE interactions (
    id           VARCHAR(36)  PRIMARY KEY,
    kind         VARCHAR(16)  NOT NULL,
    type         VARCHAR(64)  NOT NULL,
    community    VARCHAR(64)  NOT NULL,
    platform     VARCHAR(16)  NOT NULL,
    channel_id   VARCHAR(128) NOT NULL,
    author_id    VARCHAR(128),
    author_name  VARCHAR(128),
    text         VARCHAR(4000),
    in_reply_to  VARCHAR(36),
    at           TIMESTAMP WITH TIME ZONE NOT NULL,
    payload      CLOB         NOT NULL
);
CREATE INDEX interactions_channel_latest ON interactions (community, channel_id, at DESC);
CREATE INDEX interactions_community_latest ON interactions (community, at DESC);
CREATE INDEX interactions_author ON interactions (community, platform, author_id, at DESC);
