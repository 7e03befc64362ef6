"""Closed code lists of the facts-v1 contract, as Literal types and tuples for validation."""

from typing import Literal, get_args

Kind = Literal["event", "amount", "target", "ratio", "relation", "quote"]
EventType = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "DEMAND",
    "DISAPPROVE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]
ConsultMode = Literal["visit", "third-party", "multilateral", "phone"]
Side = Literal["source", "recipient"]
DatePrecision = Literal["day", "month", "year"]
Measure = Literal[
    "defense_budget", "defense_spending", "investment", "aid", "arms_sale", "gdp", "other"
]
Metric = Literal["defense_spending_pct_gdp", "security_spending_pct_gdp", "other"]
Comparator = Literal[">=", ">", "="]
TargetStatus = Literal["adopted", "planned", "urged", "proposed"]
RelationType = Literal["ally", "quasi_ally", "partner", "like_minded", "cooperation", "adversary"]
Verdict = Literal["supported", "contradicted", "unverifiable"]

KINDS: tuple[str, ...] = get_args(Kind)
EVENT_TYPES: tuple[str, ...] = get_args(EventType)
CONSULT_MODES: tuple[str, ...] = get_args(ConsultMode)
MEASURES: tuple[str, ...] = get_args(Measure)
METRICS: tuple[str, ...] = get_args(Metric)
COMPARATORS: tuple[str, ...] = get_args(Comparator)
TARGET_STATUSES: tuple[str, ...] = get_args(TargetStatus)
RELATION_TYPES: tuple[str, ...] = get_args(RelationType)
VERDICTS: tuple[str, ...] = get_args(Verdict)
SCHEMA_ID = "allywatch.facts/1"
