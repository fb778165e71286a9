-- Knowledge source of truth (embedded profile); see db/pg/V5__facts.sql.
CREATE SEQUENCE fact_seq;
CREATE TABLE facts (
    id           VARCHAR(36)    PRIMARY KEY,
    community    VARCHAR(64)    NOT NULL,
    kind         VARCHAR(16)    NOT NULL,
    title        VARCHAR(500)   NOT NULL,
    body         CLOB           NOT NULL,
    source       VARCHAR(2000)  NOT NULL,
    proposed_by  VARCHAR(128)   NOT NULL,
    status       VARCHAR(16)    NOT NULL,
    reviewed_by  VARCHAR(128),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    version      INTEGER        NOT NULL,
    seq          BIGINT         NOT NULL
);
CREATE INDEX facts_community_status ON facts (community, status, updated_at DESC);
CREATE UNIQUE INDEX facts_seq ON facts (seq);
