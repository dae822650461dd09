-- What lets an instance answer sessions and integration settings from memory on PostgreSQL: every write to them
-- adds one to its topic's version in the same transaction, and a read from memory first reads the version, so a
-- change committed by any instance or process is seen by the next request (store.PgChanges). SQLite needs no
-- table: PRAGMA data_version tells the same of the whole file.
CREATE TABLE change_stamps (
    topic   VARCHAR(32) PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO change_stamps (topic, version) VALUES ('SESSIONS', 0), ('INTEGRATIONS', 0);
