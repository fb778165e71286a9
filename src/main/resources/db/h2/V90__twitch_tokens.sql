-- OAuth tokens Chorus keeps and refreshes for Twitch accounts. access_token and refresh_token hold
-- AES-GCM sealed values ("v1.<key id>.<data>"), never a plain token; key_id names the key that
-- sealed them, so the rows left to re-encrypt after a rotation are found by index.
CREATE TABLE twitch_tokens (
    account       VARCHAR(128)  PRIMARY KEY,
    access_token  VARCHAR(4000) NOT NULL,
    refresh_token VARCHAR(4000) NOT NULL,
    scopes        VARCHAR(2000) NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE,
    key_id        VARCHAR(32)   NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX twitch_tokens_key_id ON twitch_tokens (key_id);
