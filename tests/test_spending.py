"""Reference spending tables and burden sharing, checked against the shipped CSVs themselves."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SHARED

from allywatch.analysis.charts import write_charts
from allywatch.analysis.spending import burden, burden_records, china_japan, spearman
from allywatch.cli import cli
from allywatch.reference import spending as ref

SHIPPED = Path(ref.__file__).parent / "data" / "spending"
SIPRI_MEASURES = (
    "milex_local_currency",
    "milex_usd_current",
    "milex_usd_constant",
    "milex_pct_gdp",
)


def _sipri_csv() -> list[dict[str, str]]:
    with (SHIPPED / "military_expenditure.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_spending_tables_are_the_shared_copies() -> None:
    for name in ("military_expenditure", "gdp", "budgets_official", "targets", "fx_ecb_annual"):
        file = ref.table(name).file
        assert (SHIPPED / file).read_bytes() == (SHARED / "data" / file).read_bytes()


def test_spending_sipri_copy_stays_inside_the_fair_use_limit() -> None:
    units = sum(1 for row in _sipri_csv() for m in SIPRI_MEASURES if row[m])
    assert units == 3342 <= 3500  # SIPRI's terms: no more than 10% (3,500 units)
    assert "sipri.org/databases/milex" in ref.table("military_expenditure").citation
    assert "SIPRI Military Expenditure Database 2025" in (SHIPPED / "README.md").read_text()


def test_spending_loaders_typed_rows() -> None:
    assert ref.milex("JPN", 2024).pct_gdp == 1.3714  # type: ignore[union-attr]
    assert ref.milex("ISL", 2024).pct_gdp is None  # type: ignore[union-attr]  # no armed forces
    assert ref.gdp("JPN", 2025).status == "projection"  # type: ignore[union-attr]
    assert ref.official_budget("JPN", 2025).value == 8.7e12  # type: ignore[union-attr]
    assert ref.per_usd("JPY", 2025).per_usd == 149.655  # type: ignore[union-attr]
    assert ref.annual_cross_rate("CNY", "JPY", 2025) == pytest.approx(20.82, abs=0.01)
    assert ref.last_milex_year() == 2024


def test_burden_nato_2024_shares_exactly_as_sipri_and_gaps() -> None:
    shipped = {r["iso3"]: r["milex_pct_gdp"] for r in _sipri_csv() if r["year"] == "2024"}
    rows = {r["iso3"]: r for r in burden_records(burden("nato", year=2024))}
    assert len(rows) == 32
    for iso3, row in rows.items():
        if not shipped[iso3]:
            assert row["pct_gdp"] is None and row["gap_nato_2_points"] is None  # Iceland
            continue
        assert row["pct_gdp"] == float(shipped[iso3])
        assert row["gap_nato_2_points"] == pytest.approx(2 - float(shipped[iso3]))
        assert row["gap_nato_5_points"] == pytest.approx(5 - float(shipped[iso3]))
    assert rows["DEU"]["gap_nato_2_points"] == pytest.approx(0.1081)
    assert rows["POL"]["gap_nato_2_points"] == pytest.approx(-2.1544)  # above the floor


def test_burden_money_gap_and_growth_on_the_imf_path() -> None:
    japan = next(
        r for r in burden_records(burden("us-indo-pacific", year=2024)) if r["iso3"] == "JPN"
    )
    gap = 2 - 1.3714
    assert japan["deadline_jpn_2"] == 2027
    assert japan["gap_jpn_2_usd"] == pytest.approx(gap / 1.3714 * 55_273_904_317)
    gdp_growth = ref.gdp("JPN", 2027).local / ref.gdp("JPN", 2024).local  # type: ignore[union-attr]
    expected = 100 * (((2 / 1.3714) * gdp_growth) ** (1 / 3) - 1)
    assert japan["growth_jpn_2_pct"] == pytest.approx(expected, abs=0.01)
    assert "gap_nato_2_points" not in japan  # Japan is not held to NATO's targets


def test_burden_spearman_matches_the_textbook_example() -> None:
    iq = [106, 86, 100, 101, 99, 103, 97, 113, 112, 110]
    tv_hours = [7, 0, 27, 50, 28, 29, 20, 12, 6, 17]
    assert spearman(iq, tv_hours) == pytest.approx(-29 / 165)  # Wikipedia's worked example


def test_burden_olson_zeckhauser_us_indo_pacific() -> None:
    test = burden("us-indo-pacific", year=2024).olson_zeckhauser
    assert test["members_with_data"] == 6
    assert test["rho_gdp_vs_burden"] == pytest.approx(1 - 6 * 6 / (6 * 35))  # sum d^2 = 6
    shares = {s["iso3"]: s for s in test["shares"]}
    assert shares["USA"]["spending_share"] > shares["USA"]["gdp_share"]  # the exploited leader


def test_burden_cli_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["burden", "--alliance", "nato", "--year", "2024", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    germany = next(r for r in rows if r["iso3"] == "DEU")
    assert {
        "iso3",
        "year",
        "spending_usd",
        "pct_gdp",
        "gap_nato_2_points",
        "gap_nato_5_points",
        "gap_nato_3_5_core_points",
    } <= set(germany)
    assert (germany["year"], germany["pct_gdp"]) == (2024, 1.8919)


def test_burden_cli_table_names_sources() -> None:
    result = CliRunner().invoke(cli, ["burden", "--countries", "JPN,KOR", "--year", "2023"])
    assert result.exit_code == 0, result.output
    assert "1.1395" in result.output and "Source: SIPRI" in result.output


def test_spending_china_japan_both_definitions() -> None:
    data = china_japan().set_index(["iso3", "definition", "year"])
    assert data.loc[("CHN", "SIPRI", 2024), "usd"] == 313_658_330_217  # SIPRI's own US$
    official_yen = data.loc[("CHN", "official budget", 2025), "jpy"]
    assert official_yen == pytest.approx(37.2e12, rel=0.005)  # the ≈¥37.2 trillion of the issue


def test_spending_charts_html(tmp_path: Path) -> None:
    written = write_charts(tmp_path, ["JPN", "DEU"], png=False)
    assert [p.name for p in written] == ["share_of_gdp.html", "china_japan.html"]
    assert "SIPRI Military Expenditure Database 2025" in written[0].read_text("utf-8")
    assert (tmp_path / "plotly.min.js").exists()  # offline: plotly.js beside the charts


def test_spending_charts_cli(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["charts", "--out", str(tmp_path), "--no-png"])
    assert result.exit_code == 0, result.output
    assert result.output.split() == [
        str(tmp_path / "share_of_gdp.html"),
        str(tmp_path / "china_japan.html"),
    ]
