"""One-line plain-text summaries of facts and numbers, shared by pages, report and JSON twins."""

from __future__ import annotations

from typing import Any

Row = dict[str, Any]

SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def human_number(value: float | None) -> str:
    """1785000000000 -> "1.785 trillion"; small numbers keep their digits."""
    if value is None:
        return "—"
    for size, word in SCALES:
        if abs(value) >= size:
            return f"{value / size:,.3f}".rstrip("0").rstrip(".") + f" {word}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def actor_label(actor: Row) -> str:
    """ "Shinjiro Koizumi (JPN)" for a person, "JPN" for a state alone."""
    name, country = actor.get("name"), actor.get("country")
    if name and country:
        return f"{name} ({country})"
    return name or country or "?"


def event_summary(event: Row) -> str:
    actors = ", ".join(actor_label(a) for a in event.get("actors") or ())
    mode = f" ({event['mode']})" if event.get("mode") else ""
    where = f" at {event['location']}" if event.get("location") else ""
    when = f" on {event['date']}" if event.get("date") else ""
    return f"{event['event_type']}{mode}: {actors}{when}{where}"


def _amount(fact: Row) -> str:
    about = "about " if fact.get("approximate") else ""
    year = f" ({fact['year']})" if fact.get("year") else ""
    subject = fact.get("subject") or "?"
    value = human_number(fact["value"])
    return f"{subject} {fact['measure']}{year}: {about}{value} {fact['currency']}"


def _target(fact: Row) -> str:
    deadline = f" by {fact['deadline']}" if fact.get("deadline") else ""
    by = f", set by {fact['by']}" if fact.get("by") else ""
    return (
        f"{fact['subject']} {fact['metric']} {fact['comparator']} {fact['value']:g}%"
        f"{deadline} ({fact['status']}{by})"
    )


def _ratio(fact: Row) -> str:
    about = "about " if fact.get("approximate") else ""
    return f"{fact['subject']} / {fact['object']} {fact['measure']}: {about}{fact['ratio']:g}×"


def _relation(fact: Row) -> str:
    return f"{fact['a']} – {fact['b']}: {fact['relation']}"


def _quote(fact: Row) -> str:
    speaker = fact.get("speaker") or {}
    return f"{speaker.get('name') or '?'}: “{fact.get('text', '')}”"


SUMMARIES = {
    "event": event_summary,
    "amount": _amount,
    "target": _target,
    "ratio": _ratio,
    "relation": _relation,
    "quote": _quote,
}


def fact_summary(fact: Row) -> str:
    """What the fact says, in one line of plain text."""
    return SUMMARIES[fact["kind"]](fact)
