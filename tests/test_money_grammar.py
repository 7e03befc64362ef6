"""The money grammar: every form news writes a sum in parses back to its exact value and
currency."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from allywatch.extract.money_grammar import Money, as_number, find_money, parse_money
from allywatch.reference.money import money_lexicon

CURRENCIES = money_lexicon("currencies")
SCALES = money_lexicon("scales")
AMBIGUOUS = {"$": "USD", "¥": "JPY"}
HEDGES = [h for h in money_lexicon("hedges")["approximate"] if h != "between"]


@pytest.mark.parametrize(
    ("text", "value", "currency", "approximate"),
    [
        ("1.785 trillion yuan", 1_785_000_000_000, "CNY", False),
        ("¥8.7 trillion", 8_700_000_000_000, "JPY", False),
        ("$550 billion", 550_000_000_000, "USD", False),
        ("US$60.68 billion", 60_680_000_000, "USD", False),
        ("NT$2 trillion", 2_000_000_000_000, "TWD", False),
        ("₩61.2 trillion", 61_200_000_000_000, "KRW", False),
        ("61.2 trillion won", 61_200_000_000_000, "KRW", False),
        ("A$10 billion", 10_000_000_000, "AUD", False),
        ("€100 million", 100_000_000, "EUR", False),
        ("£5bn", 5_000_000_000, "GBP", False),
        ("Rs 6.81 lakh crore", 6_810_000_000_000, "INR", False),
        ("$US3 billion", 3_000_000_000, "USD", False),
        ("USD 277 billion", 277_000_000_000, "USD", False),
        ("one trillion US dollars", 1_000_000_000_000, "USD", False),
        ("half a trillion yen", 500_000_000_000, "JPY", False),
        ("P20 billion", 20_000_000_000, "PHP", False),
        ("1,234,567 yen", 1_234_567, "JPY", False),
        ("more than NT$2 trillion", 2_000_000_000_000, "TWD", True),
        ("nearly NT$3 trillion", 3_000_000_000_000, "TWD", True),
        ("about ¥40 trillion", 40_000_000_000_000, "JPY", True),
        ("some $2 billion", 2_000_000_000, "USD", True),
    ],
)
def test_money_grammar_reads_news_forms(
    text: str, value: int, currency: str, approximate: bool
) -> None:
    money = parse_money(text)
    assert money is not None
    assert (money.value, money.currency, money.approximate) == (value, currency, approximate)


def test_money_grammar_value_is_exact_and_whole() -> None:
    money = parse_money("¥8.7 trillion")
    assert money is not None
    assert as_number(money.value) == 8_700_000_000_000
    assert isinstance(as_number(money.value), int)
    assert as_number(Decimal("1.5")) == 1.5


@pytest.mark.parametrize(
    "text",
    [
        "$5 billion to $6 billion",
        "$5-6 billion",
        "$5 to $6 billion",
        "between $5 billion and $6 billion",
    ],
)
def test_money_grammar_range_is_low_bound_approximate(text: str) -> None:
    assert parse_money(text) == Money(Decimal(5_000_000_000), "USD", True, Decimal(6_000_000_000))


def test_money_grammar_two_sums_joined_by_and_stay_two() -> None:
    found = find_money("NT$479 billion and NT$90.4 billion")
    assert [m.money.value for m in found] == [479_000_000_000, 90_400_000_000]


@pytest.mark.parametrize(
    "text",
    [
        "billions of dollars in extra defence funding",
        "hundreds of millions of yen",
        "500 pounds of explosives",
        "the candidate who in 2024 won the vote",
        "a five-fold increase and 1.4 times North Korea's GDP",
        "8.3% increase in 2025",
    ],
)
def test_money_grammar_vague_or_non_money_is_no_amount(text: str) -> None:
    assert find_money(text) == []


@pytest.mark.parametrize(
    ("text", "dollar", "currency"),
    [
        ("$1.5 billion", "AUD", "AUD"),
        ("$US3 billion", "AUD", "USD"),
        ("¥1 trillion yuan", "USD", "CNY"),
    ],
)
def test_money_grammar_ambiguous_symbols(text: str, dollar: str, currency: str) -> None:
    money = parse_money(text, dollar)
    assert money is not None and money.currency == currency


def test_money_grammar_offsets_point_into_the_text() -> None:
    text = "China spent about 1.785 trillion yuan (about ¥40 trillion) in 2025."
    found = find_money(text)
    assert [text[m.start : m.end] for m in found] == [
        "about 1.785 trillion yuan",
        "about ¥40 trillion",
    ]


def _code(symbol: str) -> str:
    return AMBIGUOUS.get(symbol, symbol)


def _written(value: Decimal, commas: bool) -> str:
    return f"{value:,f}" if commas else f"{value:f}"


mantissas = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999"), places=3)
scale_words = st.sampled_from(sorted(SCALES["words"].items()))
attached = st.sampled_from(sorted(SCALES["attached"].items()))
prefixes = st.sampled_from(sorted(CURRENCIES["prefixes"].items()))
weak_prefixes = st.sampled_from(sorted(CURRENCIES["weak_prefixes"].items()))
words = st.sampled_from(sorted(CURRENCIES["words"].items()))
weak_words = st.sampled_from(sorted(CURRENCIES["weak_words"].items()))
hedges = st.one_of(st.none(), st.sampled_from(HEDGES))


@st.composite
def written_sums(draw: st.DrawFn) -> tuple[str, Decimal, str, bool]:
    """A sum in one of the grammar's forms, with the value and currency it must parse to."""
    mantissa, commas = draw(mantissas), draw(st.booleans())
    scale, exponent = draw(st.one_of(scale_words, attached, st.just(("", 0))))
    gap = "" if (scale, exponent) in SCALES["attached"].items() or not scale else " "
    number = f"{_written(mantissa, commas)}{gap}{scale}"
    form = draw(st.sampled_from(["prefix", "suffix", "weak_prefix", "weak_suffix"]))
    if form == "prefix":
        symbol, code = draw(prefixes)
        space = " " if symbol[-1].isalpha() else ""
        text = f"{symbol}{space}{number}"
    elif form == "suffix":
        word, code = draw(words)
        text = f"{number} {word}"
    else:
        scale, exponent = draw(scale_words)
        symbol, code = draw(weak_prefixes if form == "weak_prefix" else weak_words)
        number = f"{_written(mantissa, commas)} {scale}"
        text = f"{symbol}{number}" if form == "weak_prefix" else f"{number} {symbol}"
    hedge = draw(hedges)
    text = f"{hedge} {text}" if hedge else text
    return text, mantissa.scaleb(int(exponent)), _code(code), hedge is not None


@given(written_sums())
def test_money_grammar_any_supported_form_parses_back_exactly(
    sample: tuple[str, Decimal, str, bool],
) -> None:
    text, value, currency, approximate = sample
    money = parse_money(text)
    assert money is not None, text
    assert (money.value, money.currency, money.approximate) == (value, currency, approximate), text
