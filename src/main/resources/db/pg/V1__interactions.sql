-- Interaction log, cluster profile. Range-partitioned by day on id_time, the time encoded in the
-- row's UUIDv7 id (or `at` for ids that are not UUIDv7), so that the primary key (id, id_time) makes
-- an insert idempotent on the id alone: a retry of the same id always lands in the same partition.
-- Daily partitions are created ahead of time and dropped by retention (PgInteractionLog.maintain).
CREATE TABLE interactions (
    id           text        NOT NULL,
    id_time      timestamptz NOT NULL,
    kind         text        NOT NULL,
    type         text        NOT NULL,
    community    text        NOT NULL,
    platform     text        NOT NULL,
    channel_id   text        NOT NULL,
    author_id    text,
    author_name  text,
    text         text,
    in_reply_to  text,
    at           timestamptz NOT NULL,
    payload      text        NOT NULL,
    PRIMARY KEY (id, id_time)
) PARTITION BY RANGE (id_time);

CREATE INDEX interactions_channel_latest ON interactions (community, channel_id, at DESC, id DESC);
CREATE INDEX interactions_community_latest ON interactions (community, at DESC, id DESC);
CREATE INDEX interactions_author ON interactions (community, platform, author_id, at DESC, id DESC);
