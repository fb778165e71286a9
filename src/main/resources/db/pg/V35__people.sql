-- People (cluster profile, same shape as db/h2/V35__people.sql): nickname, pronouns, per-community grant and merges; name history; audit; web-chat tokens.
ALTER TABLE persons ADD COLUMN nickname text;
ALTER TABLE persons ADD COLUMN pronouns text;
ALTER TABLE persons ADD COLUMN granted text;
ALTER TABLE persons ADD COLUMN merged_into text;
CREATE TABLE account_names (
    community        text  NOT NULL,
    platform         text  NOT NULL,
    platform_user_id text NOT NULL,
    login            text NOT NULL,
    display_name     text NOT NULL,
    seen_at          timestamptz NOT NULL
);
CREATE INDEX account_names_account ON account_names (community, platform, platform_user_id, seen_at);
CREATE TABLE identity_audit (
    id               text  PRIMARY KEY,
    community        text  NOT NULL,
    action           text  NOT NULL,
    person_id        text  NOT NULL,
    other_person_id  text,
    platform         text,
    platform_user_id text,
    actor            text NOT NULL,
    at               timestamptz NOT NULL
);
CREATE INDEX identity_audit_person ON identity_audit (person_id, at);
CREATE INDEX identity_audit_other ON identity_audit (other_person_id, at);
CREATE TABLE web_tokens (
    id           text  PRIMARY KEY,
    community    text  NOT NULL,
    token_hash   text  NOT NULL UNIQUE,
    user_name    text  NOT NULL,
    level        text  NOT NULL,
    label        text NOT NULL,
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz
);
CREATE INDEX web_tokens_name ON web_tokens (community, user_name);
