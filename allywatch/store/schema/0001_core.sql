-- The knowledge base: articles (every version), people merged across articles, facts with their
-- provenance, happenings and amount claims merged across articles, and checks.
-- Portable SQL: the same statements run on SQLite and PostgreSQL. Dates are ISO 8601 text.

-- One ingest (or load) run: every stored row names the run that wrote it.
CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    command TEXT NOT NULL,
    arguments TEXT NOT NULL,
    allywatch_version TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    summary TEXT
);

-- One row per distinct text. A newer text at the same URL is a new version; the older one
-- keeps its row and points at its successor.
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    title TEXT,
    source TEXT,
    url TEXT,
    published TEXT,
    published_day TEXT,
    published_inferred BOOLEAN NOT NULL,
    dateline TEXT,
    text TEXT NOT NULL,
    path TEXT,
    captions TEXT NOT NULL,
    version BIGINT NOT NULL,
    superseded_by TEXT REFERENCES articles (id),
    superseded_at TEXT,
    run_id TEXT NOT NULL REFERENCES runs (id),
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_url ON articles (url);
CREATE INDEX articles_published_day ON articles (published_day);

-- The sentences facts were read from, for full-text search over sentences.
CREATE TABLE sentences (
    article TEXT NOT NULL REFERENCES articles (id),
    span_start BIGINT NOT NULL,
    span_end BIGINT NOT NULL,
    sentence TEXT NOT NULL,
    PRIMARY KEY (article, span_start, span_end)
);

-- One row per real person; `name` is the fullest form seen; `article_count` counts the current
-- articles naming them (kept up to date as mentions are added or retired, for ordering).
CREATE TABLE people (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    country TEXT,
    org TEXT,
    article_count BIGINT NOT NULL,
    first_seen_at TEXT NOT NULL,
    run_id TEXT NOT NULL REFERENCES runs (id)
);

-- Every form of a person's name seen in an article, and its folded form for lookups.
CREATE TABLE person_names (
    person_id TEXT NOT NULL REFERENCES people (id),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    PRIMARY KEY (person_id, name)
);
CREATE INDEX person_names_key ON person_names (name_key);

-- Each identifying word of each name form: how a surname finds its person.
CREATE TABLE person_tokens (
    person_id TEXT NOT NULL REFERENCES people (id),
    token TEXT NOT NULL,
    PRIMARY KEY (person_id, token)
);
CREATE INDEX person_tokens_token ON person_tokens (token);

-- A person named in an article, with the role the article gives at its date.
CREATE TABLE person_mentions (
    person_id TEXT NOT NULL REFERENCES people (id),
    article TEXT NOT NULL REFERENCES articles (id),
    name TEXT NOT NULL,
    role TEXT,
    country TEXT,
    org TEXT,
    on_date TEXT,
    run_id TEXT NOT NULL REFERENCES runs (id),
    retired_at TEXT,
    retired_by TEXT,
    PRIMARY KEY (person_id, article, name)
);
CREATE INDEX person_mentions_article ON person_mentions (article);

-- One real-world happening; its reports are the event facts pointing at it. `sort_day` orders
-- events: the first day of the event's date, else the first report's publication day, else ''.
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    event_type TEXT NOT NULL,
    countries TEXT NOT NULL,
    event_date TEXT,
    date_precision TEXT,
    mode TEXT,
    location TEXT,
    sort_day TEXT NOT NULL,
    run_id TEXT NOT NULL REFERENCES runs (id)
);
CREATE INDEX events_sort_day ON events (sort_day);

-- One amount (value, currency, subject, year); its statements are the amount facts.
-- `last_reported`: the latest publication day of a statement ('' when none has a date).
CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    value DOUBLE PRECISION NOT NULL,
    currency TEXT NOT NULL,
    subject TEXT,
    year BIGINT,
    last_reported TEXT NOT NULL,
    run_id TEXT NOT NULL REFERENCES runs (id)
);
CREATE INDEX claims_last_reported ON claims (last_reported);

-- Every fact as its facts-v1 JSON (`body`, what export writes back), with provenance and the
-- columns queries filter on. Retired facts (of an older article version) are kept.
-- `fact_type` is what --type matches: the event type, the amount's or ratio's measure, the
-- target's metric, the relation, the quote speaker's role. `fact_day` is what --since/--until
-- compare: an event's date (its first day) or else the article's publication day.
CREATE TABLE facts (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    article TEXT NOT NULL REFERENCES articles (id),
    sentence TEXT NOT NULL,
    span_start BIGINT NOT NULL,
    span_end BIGINT NOT NULL,
    run_id TEXT NOT NULL REFERENCES runs (id),
    allywatch_version TEXT NOT NULL,
    body TEXT NOT NULL,
    event_id TEXT REFERENCES events (id),
    claim_id TEXT REFERENCES claims (id),
    fact_type TEXT,
    fact_day TEXT,
    countries TEXT,
    event_date TEXT,
    measure TEXT,
    value DOUBLE PRECISION,
    currency TEXT,
    subject TEXT,
    year BIGINT,
    metric TEXT,
    status TEXT,
    relation TEXT,
    speaker TEXT,
    retired_at TEXT,
    retired_by TEXT
);
CREATE INDEX facts_article ON facts (article);
CREATE INDEX facts_kind_day ON facts (kind, fact_day) WHERE retired_at IS NULL;
CREATE INDEX facts_event ON facts (event_id);
CREATE INDEX facts_claim ON facts (claim_id);
CREATE INDEX facts_event_key ON facts (fact_type, countries, event_date) WHERE kind = 'event';

-- Who a fact is about, for --country: actors, subjects, pairs, speakers.
CREATE TABLE fact_countries (
    fact_id TEXT NOT NULL REFERENCES facts (id),
    country TEXT NOT NULL,
    PRIMARY KEY (fact_id, country)
);
CREATE INDEX fact_countries_country ON fact_countries (country);

-- People a fact names (event actors, quote speakers), for --person.
CREATE TABLE fact_people (
    fact_id TEXT NOT NULL REFERENCES facts (id),
    seq BIGINT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    person_id TEXT REFERENCES people (id),
    role TEXT,
    country TEXT,
    PRIMARY KEY (fact_id, seq)
);
CREATE INDEX fact_people_person ON fact_people (person_id);

CREATE TABLE checks (
    fact_id TEXT NOT NULL REFERENCES facts (id),
    seq BIGINT NOT NULL,
    verdict TEXT NOT NULL,
    stated DOUBLE PRECISION,
    computed DOUBLE PRECISION,
    basis TEXT NOT NULL,
    run_id TEXT NOT NULL REFERENCES runs (id),
    PRIMARY KEY (fact_id, seq)
);
