-- API keys (access package): scope admin (community NULL) or owner / moderator / read of one
-- community. Only the SHA-256 (hex) of each secret is stored; revoked keys are kept for the record.
CREATE TABLE api_keys (
    id          VARCHAR(36)  PRIMARY KEY,
    key_hash    CHAR(64)     NOT NULL UNIQUE,
    scope       VARCHAR(16)  NOT NULL,
    community   VARCHAR(64),
    label       VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX api_keys_community ON api_keys (community, created_at);
