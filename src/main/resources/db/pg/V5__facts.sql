-- Knowledge source of truth: facts and documents with provenance and approval state.
-- Every write takes the next value of fact_seq, so search-index replicas catch up with
-- "WHERE seq > last seen ORDER BY seq".
CREATE SEQUENCE fact_seq;
CREATE TABLE facts (
    id           text        PRIMARY KEY,
    community    text        NOT NULL,
    kind         text        NOT NULL,
    title        text        NOT NULL,
    body         text        NOT NULL,
    source       text        NOT NULL,
    proposed_by  text        NOT NULL,
    status       text        NOT NULL,
    reviewed_by  text,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    version      integer     NOT NULL,
    seq          bigint      NOT NULL
);
CREATE INDEX facts_community_status ON facts (community, status, updated_at DESC);
CREATE UNIQUE INDEX facts_seq ON facts (seq);
