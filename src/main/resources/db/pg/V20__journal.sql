-- Accepted means answered (docs/reliability.md).
-- Idempotency keys: one event per (community, key). The key is scoped by its source
-- (platform and, for client-chosen keys, the user); the event id that claimed it is kept so a
-- resend is acknowledged with the original id. Not partitioned: the key must be unique across
-- days, whatever time the event id carries. Pruned with the log's retention.
CREATE TABLE idempotency_keys (
    community   text        NOT NULL,
    idem_key    text        NOT NULL,
    event_id    text        NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (community, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- Journaled events whose slip has not finished: inserted with the event, deleted when the router
-- (or a dead letter) finishes it; what is left after resume.afterMs is routed again.
CREATE TABLE pending_events (
    event_id     text        PRIMARY KEY,
    community    text        NOT NULL,
    received_at  timestamptz NOT NULL,
    next_at      timestamptz NOT NULL,
    attempts     integer     NOT NULL,
    payload      text        NOT NULL
);
CREATE INDEX pending_events_next ON pending_events (next_at);
