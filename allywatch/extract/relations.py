"""Ties between states as the text states them: allies, quasi-allies, partners, cooperation.

A cue noun ("alliance", "ally", "partnership", "cooperation", a mutual defense treaty) names
the tie; the parse names the pair:

- states written into the phrase: "the Japan-U.S. alliance", "Japan-India defense cooperation";
- "between"/"among": "cooperation among China, Russia and North Korea" (every pair);
- a described state: "Australia is a U.S. ally and Japan's 'quasi-ally'";
- named examples: "Naming two allies, Japan and South Korea, the strategy says" (allies of
  the strategy's state);
- a partner: "its cooperation with the U.K.", "an adversary of the United States";
- an unqualified "the alliance" of a clause whose subject is two states or their people.

Adversaries only where the text says so. Each pair is reported once per article, with its
strongest stated tie (ally before quasi-ally, partner, like-minded, cooperation).
"""

from __future__ import annotations

from itertools import combinations

from spacy.tokens import Span, Token

from allywatch.extract.context import ArticleDoc
from allywatch.extract.events_actors import Party, PartyReader, codes, unique
from allywatch.extract.events_discourse import Discourse
from allywatch.extract.events_lexicon import relation_cues
from allywatch.extract.events_slots import subject_tokens
from allywatch.model.facts import Relation

Pair = frozenset[str]
OWNED_TIES = ("ally", "quasi_ally", "partner", "adversary")  # "an ally of Japan"
MAX_CLIMB = 4


def extract_relations(ad: ArticleDoc) -> tuple[Relation, ...]:
    """Every stated tie, one per pair, on the first sentence that states the kept tie."""
    discourse = Discourse(ad.doc, PartyReader((), ad.published))
    found: dict[Pair, tuple[str, Span]] = {}
    for token in ad.doc:
        relation = cue_relation(token)
        if relation is None:
            continue
        for pair in sorted(pairs_of(token, discourse), key=sorted):  # stable ids across runs
            _keep(found, pair, relation, token.sent)
    return tuple(
        Relation(**ad.provenance(sentence, "rel", n), a=a, b=b, relation=relation)
        for n, (pair, (relation, sentence)) in enumerate(found.items())
        for a, b in [sorted(pair)]
    )


def _keep(found: dict[Pair, tuple[str, Span]], pair: Pair, relation: str, sentence: Span) -> None:
    """The strongest tie per pair; the first sentence stating it."""
    order = relation_cues()["priority"]
    known = found.get(pair)
    if known is None or order.index(relation) < order.index(known[0]):
        found[pair] = (relation, sentence)


def cue_relation(token: Token) -> str | None:
    """The tie a noun names: "alliance" -> ally, "quasi-ally" -> quasi_ally, "partners" ..."""
    cues = relation_cues()
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    lower = token.lower_
    if lower in cues["like_minded_nouns"] and _like_minded(token):
        return "like_minded"
    if lower in cues["treaty_nouns"]:
        words = {t.lower_ for t in token.lefts} | {t.lower_ for t in token.subtree if t.i < token.i}
        return "ally" if words & set(cues["defense_treaty_words"]) else None
    relation: str | None = cues["nouns"].get(lower)
    if relation == "ally" and _after_quasi(token):
        return str(cues["quasi_relation"])
    return relation


def _like_minded(token: Token) -> bool:
    before = token.doc[max(0, token.i - 3) : token.i].text.lower()
    return any(word in before for word in relation_cues()["like_minded"])


def _after_quasi(token: Token) -> bool:
    before = [t.lower_ for t in token.doc[max(0, token.i - 3) : token.i]]
    return any(word in before for word in relation_cues()["quasi_prefixes"])


def pairs_of(cue: Token, discourse: Discourse) -> set[Pair]:
    """The pairs of states a cue ties, by the structures listed in the module docstring."""
    written = _written(cue, discourse)
    grouped = _prep_objects(cue, relation_cues()["pair_preps"], discourse)
    preps = ["with", "of"] if cue_relation(cue) in OWNED_TIES else ["with"]
    others = [*_listed(cue, discourse), *_prep_objects(cue, preps, discourse)]
    pairs = _all_pairs(grouped)
    if len(codes(written)) >= 2:
        return pairs | _all_pairs(written)
    described = _described(cue, discourse)
    if written:
        pairs |= _across(written, others)
        return pairs | (set() if grouped else _across(written, described))
    pairs |= _across(described, others)
    if not (grouped or others):
        pairs |= _bare(cue, described) | _between_subjects(cue, described)
    return {p for p in pairs if len(p) == 2}


def _between_subjects(cue: Token, subject: list[Party]) -> set[Pair]:
    """ "Russia and North Korea signed a mutual defense treaty", "X and Y are allies"."""
    definite = any(c.lower_ == "the" for c in cue.children)
    if cue.dep_ not in ("dobj", "attr") or definite or len(codes(subject)) < 2:
        return set()
    return _all_pairs(subject)


def _all_pairs(parties: list[Party]) -> set[Pair]:
    return {frozenset(pair) for pair in combinations(sorted(codes(parties)), 2)}


def _across(owners: list[Party], others: list[Party]) -> set[Pair]:
    return {frozenset((a, b)) for a in codes(owners) for b in codes(others) if a != b}


def _written(cue: Token, discourse: Discourse) -> list[Party]:
    """States inside the cue's phrase: "the Japan-U.S. alliance", "Japan's quasi-ally"."""
    found = discourse.reader.modifiers(cue)
    if found or not _after_quasi(cue):
        return found
    start = max(cue.sent.start, cue.i - 5)
    return unique(p for t in cue.doc[start : cue.i] for p in discourse.reader.state_word(t))


def _prep_objects(cue: Token, preps: list[str], discourse: Discourse) -> list[Party]:
    """Objects of "between"/"among"/"with" after the cue, also when coordinated
    ("cooperation between Japan and Australia, and ultimately between Japan, the U.S. ...")."""
    heads = {cue, cue.head}
    found: list[Party] = []
    for token in cue.sent:
        if token.lower_ not in preps or token.i < cue.i:
            continue
        if token.head in heads or (token.dep_ == "conj" and token.head.lower_ in preps):
            for obj in (c for c in token.children if c.dep_ == "pobj"):
                found.extend(discourse.parties(obj))
    return unique(found)


def _listed(cue: Token, discourse: Discourse) -> list[Party]:
    """Named examples: "two allies, Japan and South Korea", "partners such as X and Y"."""
    found: list[Party] = []
    for child in cue.children:
        possessive = any(c.dep_ == "case" for c in child.children)
        if (
            child.dep_ in ("appos", "conj")
            and child.ent_type_ in ("GPE", "NORP")
            and not possessive
        ):
            found.extend(discourse.parties(child))
        if child.dep_ in ("prep", "amod") and child.lower_ in relation_cues()["example_preps"]:
            for inner in child.subtree:
                if inner.dep_ == "pobj":
                    found.extend(discourse.parties(inner))
    return unique(found)


def _described(cue: Token, discourse: Discourse) -> list[Party]:
    """Whose tie it is: the subject of "X is a U.S. ally", the head of "X, a U.S. ally",
    or the subject of the clause the cue sits in ("Naming two allies, ... the strategy says")."""
    token = cue
    while token.dep_ in ("appos", "conj") and token.head != token:
        token = token.head
    if token.dep_ == "appos" or (token.dep_ == "conj" and token.head.pos_ == "PROPN"):
        return discourse.parties(token.head)
    if token.dep_ == "oprd":  # "calls China an adversary"
        objects = [c for c in token.head.children if c.dep_ == "dobj"]
        return unique(p for o in objects for p in discourse.parties(o))
    verb = _governing_verb(token)
    if verb is None:
        return []
    return unique(p for s in subject_tokens(verb) for p in discourse.parties(s))


def _governing_verb(token: Token) -> Token | None:
    for _ in range(MAX_CLIMB):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head == token:
            return None
        token = token.head
    return None


def _bare(cue: Token, subject: list[Party]) -> set[Pair]:
    """For "The two men talked up the strength of the alliance": the clause's two parties.

    Only "the alliance": a bare "the cooperation" or "the partnership" is too vague."""
    if cue_relation(cue) != "ally" or cue.tag_ != "NN":
        return set()
    if not any(c.lower_ == "the" for c in cue.children):
        return set()
    return _all_pairs(subject) if len(codes(subject)) == 2 else set()
