-- One row every fact writer updates first, in the same transaction as its write: the row lock
-- makes writers take fact_seq values in commit order, so the search-index followers, which read
-- "seq > last seen", never pass over a write that took a lower number and committed later.
CREATE TABLE fact_feed (
    id     INTEGER PRIMARY KEY,
    writes BIGINT  NOT NULL
);
INSERT INTO fact_feed (id, writes) VALUES (1, 0);
