-- Custom commands, aliases, quotes, counters and timers, per community.
CREATE TABLE custom_commands (
    community         text        NOT NULL,
    name              text        NOT NULL,
    response          text        NOT NULL,
    permission        text        NOT NULL,
    cooldown_seconds  integer     NOT NULL,
    enabled           boolean     NOT NULL,
    updated_by        text        NOT NULL,
    updated_at        timestamptz NOT NULL,
    PRIMARY KEY (community, name)
);
CREATE TABLE command_aliases (
    community  text NOT NULL,
    alias      text NOT NULL,
    target     text NOT NULL,
    PRIMARY KEY (community, alias)
);
-- Quote numbers are handed out per community by an atomic upsert on quote_numbers.
CREATE TABLE quote_numbers (
    community  text   PRIMARY KEY,
    last_num   bigint NOT NULL
);
CREATE TABLE quotes (
    community   text        NOT NULL,
    num         bigint      NOT NULL,
    text        text        NOT NULL,
    added_by    text        NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (community, num)
);
CREATE TABLE command_counters (
    community  text   NOT NULL,
    name       text   NOT NULL,
    total      bigint NOT NULL,
    PRIMARY KEY (community, name)
);
CREATE TABLE command_timers (
    community         text    NOT NULL,
    name              text    NOT NULL,
    message           text    NOT NULL,
    interval_seconds  integer NOT NULL,
    min_lines         integer NOT NULL,
    enabled           boolean NOT NULL,
    PRIMARY KEY (community, name)
);
