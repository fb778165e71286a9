-- The read-only overlay token of each community, stored as its SHA-256 (hex). No foreign key to
-- communities: a community may get an overlay before it is registered.
CREATE TABLE overlay_tokens (
    community   VARCHAR(64) PRIMARY KEY,
    token_hash  CHAR(64)    NOT NULL,
    rotated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
