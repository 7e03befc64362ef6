-- Full-text search on SQLite: FTS5 tables filled by triggers as articles and sentences arrive.
-- Stored rows are never deleted (old versions are retired), so only inserts are mirrored.
-- Porter stemming ("meetings" finds "meeting"); diacritics folded ("Shinjiro" finds "Shinjirō").

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text, article UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (title, text, article) VALUES (coalesce(new.title, ''), new.text, new.id);
END;

CREATE VIRTUAL TABLE sentences_fts USING fts5 (
    sentence, article UNINDEXED, span_start UNINDEXED, span_end UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts (sentence, article, span_start, span_end)
    VALUES (new.sentence, new.article, new.span_start, new.span_end);
END;
