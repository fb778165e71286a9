-- Custom commands, aliases, quotes, counters and timers (embedded profile).
CREATE TABLE custom_commands (
    community         VARCHAR(64)   NOT NULL,
    name              VARCHAR(64)   NOT NULL,
    response          VARCHAR(2000) NOT NULL,
    permission        VARCHAR(32)   NOT NULL,
    cooldown_seconds  INTEGER       NOT NULL,
    enabled           BOOLEAN       NOT NULL,
    updated_by        VARCHAR(128)  NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (community, name)
);
CREATE TABLE command_aliases (
    community  VARCHAR(64)  NOT NULL,
    alias      VARCHAR(64)  NOT NULL,
    target     VARCHAR(500) NOT NULL,
    PRIMARY KEY (community, alias)
);
CREATE TABLE quote_numbers (
    community  VARCHAR(64) PRIMARY KEY,
    last_num   BIGINT      NOT NULL
);
CREATE TABLE quotes (
    community   VARCHAR(64)   NOT NULL,
    num         BIGINT        NOT NULL,
    text        VARCHAR(2000) NOT NULL,
    added_by    VARCHAR(128)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (community, num)
);
CREATE TABLE command_counters (
    community  VARCHAR(64)  NOT NULL,
    name       VARCHAR(128) NOT NULL,
    total      BIGINT       NOT NULL,
    PRIMARY KEY (community, name)
);
CREATE TABLE command_timers (
    community         VARCHAR(64)   NOT NULL,
    name              VARCHAR(64)   NOT NULL,
    message           VARCHAR(2000) NOT NULL,
    interval_seconds  INTEGER       NOT NULL,
    min_lines         INTEGER       NOT NULL,
    enabled           BOOLEAN       NOT NULL,
    PRIMARY KEY (community, name)
);
