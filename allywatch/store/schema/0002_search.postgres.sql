-- Full-text search on PostgreSQL: stored tsvector columns with GIN indexes. English stemming.
-- Only the first 200,000 characters of an article are indexed (a tsvector is limited to 1 MB).

ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('english', coalesce(title, '') || ' ' || left(text, 200000))
) STORED;
CREATE INDEX articles_search ON articles USING GIN (search);

ALTER TABLE sentences ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('english', left(sentence, 200000))
) STORED;
CREATE INDEX sentences_search ON sentences USING GIN (search);
