-- People and their platform accounts, cluster profile (same shape as db/h2/V2__identity.sql).
CREATE TABLE persons (
    id            text        PRIMARY KEY,
    community     text        NOT NULL,
    display_name  text        NOT NULL,
    first_seen    timestamptz NOT NULL
);
CREATE TABLE platform_accounts (
    community        text        NOT NULL,
    platform         text        NOT NULL,
    platform_user_id text        NOT NULL,
    person_id        text        NOT NULL REFERENCES persons (id),
    login            text        NOT NULL,
    display_name     text        NOT NULL,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (community, platform, platform_user_id)
);
CREATE INDEX platform_accounts_person ON platform_accounts (person_id);
