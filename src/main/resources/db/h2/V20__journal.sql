-- Accepted means answered (docs/reliability.md).
-- Idempotency keys: one event per (community, key). The key is scoped by its source
-- (platform and, for client-chosen keys, the user); the event id that claimed it is kept so a
-- resend is acknowledged with the original id.
CREATE TABLE idempotency_keys (
    community   VARCHAR(64)  NOT NULL,
    idem_key    VARCHAR(300) NOT NULL,
    event_id    VARCHAR(36)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (community, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- Journaled events whose slip has not finished: inserted with the event, deleted when the router
-- (or a dead letter) finishes it; what is left after resume.afterMs is routed again.
CREATE TABLE pending_events (
    event_id     VARCHAR(36)  PRIMARY KEY,
    community    VARCHAR(64)  NOT NULL,
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    next_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts     INTEGER      NOT NULL,
    payload      CLOB         NOT NULL
);
CREATE INDEX pending_events_next ON pending_events (next_at);
