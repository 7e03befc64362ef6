"""Direct quotations with their speakers: people, bodies and documents.

``allywatch_quotes`` has found each quote, its attributing verb and that verb's subject phrase;
here the phrase becomes a speaker. A name is the person it names (fullest name, role and country
from :func:`extract_people`); "he" is the person named last before the quote; "the strategy" is
the strategy document named last. A quote without a verb of its own continues the quote before
it, in its paragraph or, when it opens a paragraph, in the paragraph before. The fact's sentence
runs from the sentence holding the opening mark to the end of the one that attributes it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from allywatch.extract.context import ArticleDoc
from allywatch.extract.people import home_country, mentions_of
from allywatch.extract.titles import people_cues
from allywatch.model.facts import Person, Quote, Speaker
from allywatch.nlp.quotes import QUOTES_KEY, noun_phrase, quote_cues
from allywatch.reference.load import document_for, organisation, state_code

_DETERMINERS = {"the", "a", "an"}
_POSSESSIVE_PRONOUNS = {"his", "her"}
_PLACE_LABELS = {"GPE", "NORP"}


@dataclass
class _Context:
    """What speaker resolution needs of one article, built once."""

    doc: Doc
    people: tuple[Person, ...]
    mentions: list[tuple[Span, Person]]
    quotes: list[Span]
    home: str | None = None
    documents: list[tuple[Span, Speaker]] = field(default_factory=list)
    free: list[tuple[Span, Person]] = field(default_factory=list)
    free_ends: list[int] = field(default_factory=list)
    chunks: dict[str, list[Span]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        quoted = {i for q in self.quotes for i in range(q.start, q.end)}
        self.free = [(m, p) for m, p in self.mentions if m.start not in quoted]
        self.free_ends = [m.end for m, _ in self.free]
        for chunk in self.doc.noun_chunks:
            self.chunks.setdefault(chunk.root.lemma_.lower(), []).append(chunk)

    def outside_quotes(self, start: int) -> list[tuple[Span, Person]]:
        """Person mentions before token `start` that are not inside quoted words."""
        return self.free[: bisect_right(self.free_ends, start)]


def _paragraph_start(text: str, char: int) -> int:
    """Where the paragraph holding `char` begins."""
    return text.rfind("\n", 0, char) + 1


def _previous_paragraph_start(text: str, start: int) -> int | None:
    """Where the paragraph before the one beginning at `start` begins, blank lines skipped."""
    end = start - 1
    while end > 0 and text[end - 1] == "\n":
        end -= 1
    return _paragraph_start(text, end) if end > 0 else None


def quote_text(text: str, quote: Span) -> str:
    """The quoted words without marks, surrounding space or a trailing comma."""
    return text[quote.start_char : quote.end_char].strip().rstrip(",").rstrip()


def _is_spoken(text: str) -> bool:
    """Quoted names and titles ("Balikatan", "Free and Open Indo-Pacific") are not speech."""
    small = set(people_cues()["small_words"])
    return any(word[:1].islower() and word not in small for word in text.split())


# ---------------------------------------------------------------------------- speakers


def _person_speaker(person: Person) -> Speaker:
    return Speaker(name=person.name, country=person.country, role=person.role)


def _last_person(ctx: _Context, start: int) -> Person | None:
    """'he said': the subject of the last sentence naming someone, else the last person named."""
    before = ctx.outside_quotes(start)
    if not before:
        return None
    sentence_start = before[-1][0].sent.start
    for mention, person in reversed(before):
        if mention.start < sentence_start:
            break
        if mention.root.dep_ in {"nsubj", "nsubjpass"}:
            return person
    return before[-1][1]


def _document_country(ctx: _Context, ent: Span) -> str | None:
    """The state a strategy belongs to: "U.S. National Security Strategy", "his NSS", nearby."""
    document = document_for(ent.text)
    if document is not None and document.country:
        return document.country
    doc = ctx.doc
    for token in reversed(doc[max(ent.start - 3, ent.sent.start) : ent.start]):
        if token.ent_type_ in _PLACE_LABELS and (code := state_code(token.text)):
            return code
        if token.lower_ in _POSSESSIVE_PRONOUNS and (person := _last_person(ctx, ent.start)):
            return person.country
    places = [e for e in ent.sent.ents if e.label_ in _PLACE_LABELS and state_code(e.text)]
    nearest = min(places, key=lambda e: abs(e.start - ent.start), default=None)
    return state_code(nearest.text) if nearest is not None else None


def _document_mentions(ctx: _Context) -> list[tuple[Span, Speaker]]:
    """Strategy documents named in the article, each with the country it belongs to."""
    found: list[tuple[Span, Speaker]] = []
    countries: dict[str, str | None] = {}
    for ent in ctx.doc.ents:
        document = document_for(ent.text) if ent.label_ == "LAW" else None
        if document is None:
            continue
        country = countries.get(document.name) or _document_country(ctx, ent)
        countries[document.name] = country
        found.append((ent, Speaker(name=document.name, country=country, role="document")))
    return found


def _last_document(ctx: _Context, start: int, noun: str | None = None) -> Speaker | None:
    """The document named last before `start` (whose name ends in `noun`, when given)."""
    for ent, speaker in reversed(ctx.documents):
        if ent.start < start and (noun is None or speaker.name.lower().endswith(noun)):
            return speaker
    return None


def _published_in(ctx: _Context, quote: Span, cue: Token) -> Speaker | None:
    """'declared that “…” in his National Security Strategy': the document speaks."""
    for ent, speaker in ctx.documents:
        prep = ctx.doc[ent.start - 1] if ent.start > 0 else None
        while prep is not None and prep.i > 0 and prep.dep_ in {"poss", "det"}:
            prep = ctx.doc[prep.i - 1]
        if (
            prep is not None
            and prep.lower_ == "in"
            and (prep.head == cue or quote.start <= prep.head.i < quote.end)
        ):
            return speaker
    return None


def _phrase_name(phrase: Span) -> str:
    words = list(phrase)
    while words and words[0].lower_ in _DETERMINERS:
        words = words[1:]
    return phrase.doc[words[0].i : phrase.end].text if words else phrase.text


def _body_speaker(ctx: _Context, phrase: Span) -> Speaker | None:
    """A ministry, government or armed force speaking ("The Ministry of Foreign Affairs").

    A body of no stated country is the publisher's own government's.
    """
    for ent in phrase.ents:
        if ent.label_ == "ORG" or ent.label_ in _PLACE_LABELS:
            org = organisation(ent.ent_id_ or ent.text)
            country = org.country if org is not None else state_code(ent.text)
            if org is None or org.kind != "intergovernmental":
                country = country or ctx.home
            return Speaker(name=_phrase_name(phrase), country=country)
    return None


def _role_holder(ctx: _Context, phrase: Span) -> Person | None:
    """'the premier said': the person named last before it who holds that office."""
    head = phrase.root.lower_
    before = [p for _, p in reversed(ctx.outside_quotes(phrase.start))]
    return next((p for p in before if p.role and head in p.role.lower().split()), None)


def _antecedent(ctx: _Context, phrase: Span) -> Span:
    """'the ministry' is the fuller "Taiwan's defense ministry" named before it, if any."""
    if phrase[0].lower_ != "the":
        return phrase
    earlier = [c for c in ctx.chunks.get(phrase.root.lemma_.lower(), []) if c.end <= phrase.start]
    fuller = noun_phrase(earlier[-1].root) if earlier else phrase
    return fuller if len(fuller) > len(phrase) else phrase


def _phrase_speaker(ctx: _Context, quote: Span, phrase: Span) -> Speaker | None:
    named = [p for m, p in ctx.mentions if phrase.start <= m.start < phrase.end]
    if named:
        return _person_speaker(named[0])
    root = phrase.root
    if root.lower_ in quote_cues()["person_pronouns"]:
        person = _last_person(ctx, quote.start)
        return _person_speaker(person) if person is not None else None
    documents = [s for e, s in ctx.documents if phrase.start <= e.start < phrase.end]
    if documents:
        return documents[0]
    noun = root.lemma_.lower()
    document = (
        _last_document(ctx, quote.start, noun) if noun in quote_cues()["document_nouns"] else None
    )
    if document is not None:
        return document
    holder = _role_holder(ctx, phrase)
    if holder is not None:
        return _person_speaker(holder)
    if root.pos_ == "PRON":
        return None
    owner = _last_person(ctx, quote.start) if phrase[0].lower_ in _POSSESSIVE_PRONOUNS else None
    if owner is not None and len(phrase) > 1:
        return Speaker(name=f"{owner.name}'s {phrase[1:].text}", country=owner.country)
    phrase = _antecedent(ctx, phrase)
    return _body_speaker(ctx, phrase) or Speaker(name=_phrase_name(phrase))


def _attributed(ctx: _Context, quote: Span) -> tuple[bool, Speaker | None]:
    """(has a verb of its own, the speaker that verb names)."""
    cue_index = quote._.quote_cue
    if cue_index is None:
        return False, None
    published = _published_in(ctx, quote, ctx.doc[cue_index])
    if published is not None:
        return True, published
    bounds = quote._.quote_speaker
    if bounds is None:
        return True, None
    return True, _phrase_speaker(ctx, quote, ctx.doc[bounds[0] : bounds[1]])


# ---------------------------------------------------------------------------- continuation


@dataclass
class _Previous:
    """The last attributed quote: its speaker and paragraph start."""

    speaker: Speaker | None = None
    paragraph: int = -1


def _opens_paragraph(text: str, quote: Span) -> bool:
    return not text[_paragraph_start(text, quote.start_char) : quote.start_char - 1].strip()


def _continued(text: str, quote: Span, previous: _Previous) -> Speaker | None:
    """A quote with no verb of its own carries on the previous quote's speaker."""
    paragraph = _paragraph_start(text, quote.start_char)
    if previous.paragraph == paragraph:
        return previous.speaker
    if _opens_paragraph(text, quote) and previous.paragraph == _previous_paragraph_start(
        text, paragraph
    ):
        return previous.speaker
    return None


def _carried_over(
    text: str, quotes: list[Span], attributions: list[tuple[bool, Speaker | None]], i: int
) -> Speaker | None:
    """A quote left open at a paragraph's end is spoken by whoever the next one names."""
    quote = quotes[i]
    if text[quote.end_char : quote.end_char + 1] not in {"\n", ""} or i + 1 >= len(quotes):
        return None
    following = quotes[i + 1]
    starts_next = _previous_paragraph_start(
        text, _paragraph_start(text, following.start_char)
    ) == _paragraph_start(text, quote.start_char)
    return attributions[i + 1][1] if starts_next and _opens_paragraph(text, following) else None


# ---------------------------------------------------------------------------- the fact


def _sentence(text: str, quote: Span, cue: Token | None) -> Span:
    """From the sentence with the opening mark to the end of the quote's or its verb's sentence."""
    doc = quote.doc
    sentences = [doc[quote.start].sent, doc[quote.end - 1].sent] + (
        [cue.sent] if cue is not None else []
    )
    start = min(min(s.start_char for s in sentences), quote.start_char - 1)
    end = max(max(s.end_char for s in sentences), min(quote.end_char + 1, len(text)))
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None else doc[quote.start : quote.end]


def extract_quotes(ad: ArticleDoc, people: tuple[Person, ...]) -> tuple[Quote, ...]:
    """Every direct quotation the article attributes, with its speaker."""
    doc, text = ad.doc, ad.article.text
    quotes = list(doc.spans.get(QUOTES_KEY, []))
    home = home_country(ad.article.source)
    ctx = _Context(
        doc=doc, people=people, mentions=mentions_of(doc, people), quotes=quotes, home=home
    )
    ctx.documents = _document_mentions(ctx)
    attributions = [_attributed(ctx, quote) for quote in quotes]
    found: list[Quote] = []
    previous = _Previous()
    for i, quote in enumerate(quotes):
        words = quote_text(text, quote)
        has_cue, speaker = attributions[i]
        if not has_cue:
            speaker = _continued(text, quote, previous) or _carried_over(
                text, quotes, attributions, i
            )
        if speaker is None or not _is_spoken(words):
            continue
        previous = _Previous(speaker, _paragraph_start(text, quote.start_char))
        cue = doc[quote._.quote_cue] if quote._.quote_cue is not None else None
        fields = ad.provenance(_sentence(text, quote, cue), "q", len(found))
        found.append(Quote(**fields, speaker=speaker, text=words))
    return tuple(found)
