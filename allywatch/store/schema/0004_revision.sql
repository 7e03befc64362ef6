-- A counter that every write of articles or checks raises in its own transaction, so a reader
-- that keeps the base in memory (the web app) can ask in one cheap query whether anything has
-- changed since it last loaded, instead of reloading a large base on a timer.
CREATE TABLE revision (id INTEGER PRIMARY KEY, n BIGINT NOT NULL);
INSERT INTO revision (id, n) VALUES (1, 0);
