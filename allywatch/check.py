"""Facts against reference data: currency equivalents, ratio claims, budgets, GDP and shares.

Each claim is tested separately against every source that can test it, because the sources
define spending differently (an announced budget is not SIPRI's military expenditure). A check
names its data set and vintage, the year, any exchange rate and the tolerance in `basis`; a claim
no data can test is `unverifiable` with the reason.

Tolerance follows the wording. A stated figure admits whatever rounds to it at its last
significant digit ("about five" admits 4.5 to 5.5, "about ¥40 trillion" 35 to 45 trillion,
"1.4 pct" 1.35 to 1.45), and never less than 0.5% (the allowance for an exact figure such as
"NT$647 billion"). The `approximate` flag does not widen this further: a hedge says the figure
is rounded, and the rounding interval is exactly what that admits.

The year's average rate is the amount's own year when the text gives one, else the last full
year before publication. SIPRI levels must match the claimed year; a ratio between two states
moves slowly, so a ratio claimed for the year after SIPRI's last year is tested on that last year
and the basis says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from allywatch.model.article import Article
from allywatch.model.facts import Amount, Check, Fact, Ratio
from allywatch.reference import spending
from allywatch.reference.fx import daily_rate, has_currency

EXACT_TOLERANCE = 0.005
DEFENCE_MEASURES = frozenset({"defense_budget", "defense_spending"})
RATIO_YEARS_BEYOND_SIPRI = 1
Money = tuple[float, str]


def check_facts(article: Article, facts: tuple[Fact, ...]) -> tuple[Check, ...]:
    """Every check of one article's facts, in fact order."""
    amounts = {f.id: f for f in facts if isinstance(f, Amount)}
    return tuple(c for fact in facts for c in _checks_of(fact, article, amounts))


def _checks_of(fact: Fact, article: Article, amounts: dict[str, Amount]) -> Iterator[Check]:
    """The checks that apply to one fact."""
    if isinstance(fact, Amount) and fact.equivalent_of in amounts:
        yield from check_equivalent(fact, amounts[fact.equivalent_of], article)
    elif isinstance(fact, Amount):
        yield from check_amount(fact)
    elif isinstance(fact, Ratio) and getattr(fact, "object_measure", None) == "gdp":
        # A stated share of GDP is a ratio of a state's spending to its own GDP; facts-v1 has
        # no field for the object's measure yet (the dev gold's `object_measure`), hence getattr.
        if fact.subject == fact.object:
            yield from check_share_of_gdp(fact.id, fact.subject, fact.year, 100 * fact.ratio)
    elif isinstance(fact, Ratio):
        yield from check_ratio(fact, tuple(amounts.values()), article)


# --- tolerance and wording ---------------------------------------------------------------


def tolerance(stated: float) -> tuple[float, str]:
    """How far a computed value may lie from a stated one, and how to say why."""
    exact = EXACT_TOLERANCE * abs(stated)
    exponent = Decimal(repr(float(stated))).normalize().as_tuple().exponent
    if not isinstance(exponent, int):  # infinity or NaN: no digits to round at
        return exact, "tolerance ±0.5%"
    rounding = 0.5 * 10**exponent
    if rounding >= exact:
        return rounding, f"tolerance ±{_num(rounding)} (what rounds to {_num(stated)})"
    return exact, "tolerance ±0.5% (a figure stated to this precision)"


def judge(fact: str, stated: float, computed: float, basis: str) -> Check:
    """Supported when the computed value lies within the stated figure's tolerance."""
    allowed, wording = tolerance(stated)
    verdict = "supported" if abs(computed - stated) <= allowed * (1 + 1e-9) else "contradicted"
    return Check(fact, verdict, stated, computed, f"{basis}; {wording}")


def unverifiable(fact: str, stated: float | None, reason: str) -> Check:
    """A claim no shipped data can test, with the reason."""
    return Check(fact, "unverifiable", stated, None, reason)


def _num(value: float) -> str:
    """A figure in words a reader scans: 1.785 trillion, 58.13 billion, 4.6."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{value / size:.6g} {word}"
    return f"{value:.4g}"


def _money(money: Money) -> str:
    return f"{_num(money[0])} {money[1]}"


# --- currency equivalents ----------------------------------------------------------------


def check_equivalent(restated: Amount, base: Amount, article: Article) -> tuple[Check, Check]:
    """A restatement ("(about ¥40 trillion)") at the publication-date rate and the year's mean."""
    return _at_publication_rate(restated, base, article), _at_annual_rate(restated, base, article)


def _at_publication_rate(restated: Amount, base: Amount, article: Article) -> Check:
    published = article.published_date
    if published is None:
        return unverifiable(restated.id, restated.value, "no publication date to take a rate on")
    day = date.fromisoformat(published)
    rate = daily_rate(base.currency, restated.currency, day)
    if rate is None:
        return unverifiable(restated.id, restated.value, _no_rate(base, restated, published))
    basis = (
        f"{_money((base.value, base.currency))} at the ECB reference rate of "
        f"{rate.fixing.isoformat()} (last fixing on or before publication, {published}): "
        f"1 {base.currency} = {rate.rate:.5g} {restated.currency}"
    )
    return judge(restated.id, restated.value, base.value * rate.rate, basis)


def _at_annual_rate(restated: Amount, base: Amount, article: Article) -> Check:
    year = base.year or restated.year or _year_before(article)
    if year is None:
        return unverifiable(restated.id, restated.value, "no year to take an average rate of")
    rate = spending.annual_cross_rate(base.currency, restated.currency, year)
    if rate is None:
        return unverifiable(restated.id, restated.value, _no_rate(base, restated, str(year)))
    basis = (
        f"{_money((base.value, base.currency))} at the {year} average "
        f"({spending.table('fx_ecb_annual').label}): "
        f"1 {base.currency} = {rate:.5g} {restated.currency}"
    )
    return judge(restated.id, restated.value, base.value * rate, basis)


def _year_before(article: Article) -> int | None:
    """The last full year before publication: the newest average a writer could know."""
    published = article.published_date
    return int(published[:4]) - 1 if published else None


def _no_rate(base: Amount, restated: Amount, when: str) -> str:
    missing = [c for c in (base.currency, restated.currency) if not has_currency(c)]
    if missing:
        return f"the ECB publishes no {' or '.join(missing)} rate"
    return f"no ECB {base.currency}/{restated.currency} rate for {when}"


# --- stated amounts: budgets, SIPRI, GDP -------------------------------------------------


def check_amount(amount: Amount) -> tuple[Check, ...]:
    """A stated defence budget against official budgets and SIPRI; a stated GDP against IMF."""
    if amount.measure not in DEFENCE_MEASURES | {"gdp"}:
        return ()
    if amount.subject is None or amount.year is None:
        missing = "whose money" if amount.subject is None else "which year"
        return (unverifiable(amount.id, amount.value, f"the text does not say {missing}"),)
    if amount.measure == "gdp":
        return (_against_imf_gdp(amount),)
    return _against_budget(amount), _against_sipri(amount)


def _in_currency(money: Money, currency: str, year: int) -> float | None:
    """A sum in another currency at the year's ECB average, or None without a rate."""
    if money[1] == currency:
        return money[0]
    rate = spending.annual_cross_rate(money[1], currency, year)
    return None if rate is None else money[0] * rate


def _compare_money(amount: Amount, reference: Money, year: int, basis: str) -> Check:
    """Stated against reference, converting the reference at the year's average if needed."""
    value = _in_currency(reference, amount.currency, year)
    if value is None:
        return unverifiable(amount.id, amount.value, f"{basis}; no {year} ECB average to convert")
    if reference[1] != amount.currency:
        basis += f", converted at the {year} ECB average"
    return judge(amount.id, amount.value, value, basis)


def _against_budget(amount: Amount) -> Check:
    subject, year = str(amount.subject), int(amount.year or 0)
    budget = spending.official_budget(subject, year)
    source = spending.table("budgets_official").label
    if budget is None:
        return unverifiable(amount.id, amount.value, f"no {subject} budget for {year} in {source}")
    basis = (
        f"official {subject} defence budget for {year}, {_money((budget.value, budget.currency))}"
        f" ({budget.concept}; announced {budget.announced}) from {source}"
    )
    return _compare_money(amount, (budget.value, budget.currency), year, basis)


def _against_sipri(amount: Amount) -> Check:
    subject, year = str(amount.subject), int(amount.year or 0)
    row = spending.milex(subject, year)
    source = spending.table("military_expenditure")
    if row is None or (row.local is None and row.usd_current is None):
        return unverifiable(amount.id, amount.value, _no_sipri(subject, year))
    reference: Money = (
        (row.local, row.currency)
        if row.local is not None and row.currency == amount.currency
        else (float(row.usd_current or 0), "USD")
    )
    basis = (
        f"SIPRI military expenditure of {subject} in {year} (calendar year, SIPRI definition), "
        f"{_money(reference)}; {source.citation}"
    )
    return _compare_money(amount, reference, year, basis)


def _no_sipri(subject: str, year: int) -> str:
    last = spending.last_milex_year()
    if year > last:
        return f"SIPRI military expenditure: {year} is not in the 2025 release (data to {last})"
    return f"SIPRI military expenditure: none recorded for {subject} in {year}"


def _against_imf_gdp(amount: Amount) -> Check:
    subject, year = str(amount.subject), int(amount.year or 0)
    row = spending.gdp(subject, year)
    source = spending.table("gdp").label
    if row is None or row.local is None:
        return unverifiable(amount.id, amount.value, f"no {subject} GDP for {year} in {source}")
    basis = f"IMF GDP of {subject} in {year} ({row.status}), {_money((row.local, row.currency))}"
    return _compare_money(amount, (row.local, row.currency), year, f"{basis}; {source}")


# --- ratio claims ------------------------------------------------------------------------


def check_ratio(ratio: Ratio, amounts: tuple[Amount, ...], article: Article) -> tuple[Check, ...]:
    """A ratio claim against the article's own amounts, official budgets and SIPRI, apart."""
    return (
        _ratio_from_article(ratio, amounts, article),
        _ratio_from_budgets(ratio),
        _ratio_from_sipri(ratio),
    )


def _stated_amount(amounts: tuple[Amount, ...], subject: str, ratio: Ratio) -> Amount | None:
    """The article's own amount for one side of the ratio: same subject, kindred measure, and
    above zero (a garbled "0 trillion" must not divide a ratio)."""
    kindred = DEFENCE_MEASURES if ratio.measure in DEFENCE_MEASURES else {ratio.measure}
    found = [
        a
        for a in amounts
        if a.subject == subject and a.measure in kindred and a.equivalent_of is None and a.value > 0
    ]
    same_year = [a for a in found if ratio.year is None or a.year == ratio.year]
    return next(iter(same_year or found), None)


def _versions(amount: Amount, amounts: tuple[Amount, ...]) -> list[Amount]:
    """An amount and its restatements in other currencies."""
    return [amount, *(a for a in amounts if a.equivalent_of == amount.id)]


def _ratio_from_article(ratio: Ratio, amounts: tuple[Amount, ...], article: Article) -> Check:
    top = _stated_amount(amounts, ratio.subject, ratio)
    bottom = _stated_amount(amounts, ratio.object, ratio)
    if top is None or bottom is None:
        missing = ratio.subject if top is None else ratio.object
        return unverifiable(ratio.id, ratio.ratio, f"the article states no amount for {missing}")
    pairs = [(a, b) for a in _versions(top, amounts) for b in _versions(bottom, amounts)]
    shared = [(a, b) for a, b in pairs if a.currency == b.currency]
    if shared:
        a, b = shared[0]
        basis = (
            f"amounts stated in the article: {_side(a, ratio.subject)} / {_side(b, ratio.object)}"
        )
        return judge(ratio.id, ratio.ratio, a.value / b.value, basis)
    return _ratio_converted(ratio, top, bottom, article)


def _sides(top: Amount, bottom: Amount, ratio: Ratio) -> str:
    """'CHN 40 trillion JPY (the article's own conversion) / JPN 8.7 trillion JPY'."""
    return f"{_side(top, ratio.subject)} / {_side(bottom, ratio.object)}"


def _side(amount: Amount, subject: str) -> str:
    restated = " (the article's own conversion)" if amount.equivalent_of else ""
    return f"{subject} {_money((amount.value, amount.currency))}{restated}"


def _ratio_converted(ratio: Ratio, top: Amount, bottom: Amount, article: Article) -> Check:
    """Article amounts in two currencies, put in one at the publication-date ECB rate."""
    published = article.published_date
    day = date.fromisoformat(published) if published else None
    rate = daily_rate(bottom.currency, top.currency, day) if day else None
    if rate is None:
        reason = _no_rate(bottom, top, published or "an undated article")
        return unverifiable(ratio.id, ratio.ratio, f"article amounts in two currencies; {reason}")
    basis = (
        f"amounts stated in the article: {_sides(top, bottom, ratio)} at the ECB rate of "
        f"{rate.fixing.isoformat()}: 1 {bottom.currency} = {rate.rate:.5g} {top.currency}"
    )
    return judge(ratio.id, ratio.ratio, top.value / (bottom.value * rate.rate), basis)


def _ratio_from_budgets(ratio: Ratio) -> Check:
    source = spending.table("budgets_official").label
    if ratio.measure not in DEFENCE_MEASURES or ratio.year is None:
        return unverifiable(ratio.id, ratio.ratio, f"not a dated defence comparison; {source}")
    year = ratio.year
    sides = [spending.official_budget(s, year) for s in (ratio.subject, ratio.object)]
    usd = [_in_currency((b.value, b.currency), "USD", year) if b else None for b in sides]
    if None in usd:
        reason = f"no official budgets of both {ratio.subject} and {ratio.object} for {year}"
        return unverifiable(ratio.id, ratio.ratio, f"{reason} in {source}")
    top, bottom = float(usd[0] or 0), float(usd[1] or 1)
    basis = (
        f"official budgets ({source}) for {year}: {ratio.subject} {_num(top)} USD / "
        f"{ratio.object} {_num(bottom)} USD, each converted at the {year} ECB average"
    )
    return judge(ratio.id, ratio.ratio, top / bottom, basis)


def _ratio_from_sipri(ratio: Ratio) -> Check:
    source = spending.table("military_expenditure")
    if ratio.measure not in DEFENCE_MEASURES or ratio.year is None:
        return unverifiable(
            ratio.id, ratio.ratio, f"not a dated defence comparison; {source.label}"
        )
    year = min(ratio.year, spending.last_milex_year())
    if ratio.year - year > RATIO_YEARS_BEYOND_SIPRI:
        return unverifiable(ratio.id, ratio.ratio, _no_sipri(ratio.subject, ratio.year))
    rows = [spending.milex(s, year) for s in (ratio.subject, ratio.object)]
    if any(r is None or not r.usd_current for r in rows):
        reason = f"SIPRI has no current-US$ figure of both {ratio.subject} and {ratio.object}"
        return unverifiable(ratio.id, ratio.ratio, f"{reason} for {year}")
    top, bottom = (float(r.usd_current or 0) for r in rows if r is not None)
    proxy = f" ({ratio.year} not yet covered; nearest year)" if year != ratio.year else ""
    basis = (
        f"SIPRI military expenditure, current US$, {year}{proxy}: {ratio.subject} {_num(top)} / "
        f"{ratio.object} {_num(bottom)}; {source.citation}"
    )
    return judge(ratio.id, ratio.ratio, top / bottom, basis)


# --- stated shares of GDP ----------------------------------------------------------------


def check_share_of_gdp(
    fact: str, subject: str, year: int | None, percent: float
) -> tuple[Check, ...]:
    """A stated share of GDP (in percent) against SIPRI's share and budget over IMF GDP."""
    if year is None:
        return (unverifiable(fact, percent, "the text does not say which year"),)
    return _share_from_sipri(fact, subject, year, percent), _share_from_budget(
        fact, subject, year, percent
    )


def _share_from_sipri(fact: str, subject: str, year: int, percent: float) -> Check:
    row = spending.milex(subject, year)
    if row is None or row.pct_gdp is None:
        return unverifiable(fact, percent, _no_sipri(subject, year))
    source = spending.table("military_expenditure").citation
    basis = f"SIPRI military expenditure of {subject} in {year} as % of GDP (SIPRI's); {source}"
    return judge(fact, percent, row.pct_gdp, basis)


def _share_from_budget(fact: str, subject: str, year: int, percent: float) -> Check:
    budget, product = spending.official_budget(subject, year), spending.gdp(subject, year)
    if budget is None or product is None or product.local is None:
        reason = f"no official {subject} budget and IMF GDP for {year}"
        return unverifiable(fact, percent, reason)
    basis = (
        f"official {subject} budget for {year} {_money((budget.value, budget.currency))} over "
        f"IMF GDP {_money((product.local, product.currency))} ({product.status}; "
        f"{spending.table('gdp').label})"
    )
    return judge(fact, percent, 100 * budget.value / product.local, basis)
