-- People: nickname, pronouns, per-community grant and merges; name history; audit; web-chat tokens.
ALTER TABLE persons ADD COLUMN nickname VARCHAR(32);
ALTER TABLE persons ADD COLUMN pronouns VARCHAR(32);
ALTER TABLE persons ADD COLUMN granted VARCHAR(16);
ALTER TABLE persons ADD COLUMN merged_into VARCHAR(36);
CREATE TABLE account_names (
    community        VARCHAR(64)  NOT NULL,
    platform         VARCHAR(16)  NOT NULL,
    platform_user_id VARCHAR(128) NOT NULL,
    login            VARCHAR(128) NOT NULL,
    display_name     VARCHAR(128) NOT NULL,
    seen_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX account_names_account ON account_names (community, platform, platform_user_id, seen_at);
CREATE TABLE identity_audit (
    id               VARCHAR(36)  PRIMARY KEY,
    community        VARCHAR(64)  NOT NULL,
    action           VARCHAR(16)  NOT NULL,
    person_id        VARCHAR(36)  NOT NULL,
    other_person_id  VARCHAR(36),
    platform         VARCHAR(16),
    platform_user_id VARCHAR(128),
    actor            VARCHAR(160) NOT NULL,
    at               TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX identity_audit_person ON identity_audit (person_id, at);
CREATE INDEX identity_audit_other ON identity_audit (other_person_id, at);
CREATE TABLE web_tokens (
    id           VARCHAR(36)  PRIMARY KEY,
    community    VARCHAR(64)  NOT NULL,
    token_hash   VARCHAR(64)  NOT NULL UNIQUE,
    user_name    VARCHAR(64)  NOT NULL,
    level        VARCHAR(16)  NOT NULL,
    label        VARCHAR(128) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX web_tokens_name ON web_tokens (community, user_name);
