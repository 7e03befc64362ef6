"""Charts of the spending and network analyses: Plotly figures, written as HTML and PNG.

HTML is the primary output: it works offline (plotly.js is written once beside the charts) and
stays interactive. A PNG is a screenshot of that same HTML taken by headless Chromium, the
browser the project already installs for its browser tests, rather than kaleido: kaleido is not
a dependency here, and its own browser download cannot run offline. Without a browser the PNG
is skipped and the caller is told, the HTML is still written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from allywatch.analysis.checks import read_documents
from allywatch.analysis.network import engagement_graph
from allywatch.analysis.spending import china_japan, share_of_gdp_series
from allywatch.reference import spending as ref

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
SIZE = (1100, 650)
SCREENSHOT_SECONDS = 60
COLOURS = {"CHN": "#c0392b", "JPN": "#2c6fbb"}


def _source_note(figure: go.Figure, text: str) -> go.Figure:
    """Every chart names its sources under the plot, SIPRI's citation included."""
    figure.add_annotation(
        text=text, xref="paper", yref="paper", x=0, y=-0.18, showarrow=False,
        xanchor="left", font={"size": 10},
    )  # fmt: skip
    figure.update_layout(margin={"b": 110}, template="plotly_white")
    return figure


def share_of_gdp_figure(countries: Iterable[str], since: int = 2000) -> go.Figure:
    """SIPRI % of GDP over time per country, with the NATO and Japan targets as lines."""
    series = share_of_gdp_series(countries, since)
    figure = go.Figure()
    for iso3, rows in series.groupby("iso3"):
        figure.add_trace(go.Scatter(x=rows["year"], y=rows["pct_gdp"], name=str(iso3)))
    for level, label in ((2, "2% (NATO; Japan by FY2027)"), (3.5, "3.5% core (NATO, 2035)"),
                         (5, "5% (NATO, 2035)")):  # fmt: skip
        figure.add_hline(y=level, line_dash="dot", annotation_text=label)
    figure.update_layout(
        title="Military expenditure, % of GDP, against the targets",
        xaxis_title="year", yaxis_title="% of GDP (SIPRI)",
    )  # fmt: skip
    return _source_note(figure, ref.table("military_expenditure").citation)


def china_japan_figure(since: int = 2015) -> go.Figure:
    """China against Japan in yen and in US$, official budgets and SIPRI side by side."""
    data = china_japan(since)
    figure = make_subplots(rows=1, cols=2, subplot_titles=("trillion yen", "billion US$"))
    for (iso3, definition), rows in data.groupby(["iso3", "definition"]):
        name = f"{iso3} {definition}"
        line = {"dash": "solid" if definition == "SIPRI" else "dash", "color": COLOURS[str(iso3)]}
        for col, column, scale in ((1, "jpy", 1e12), (2, "usd", 1e9)):
            figure.add_trace(
                go.Scatter(
                    x=rows["year"], y=rows[column] / scale, name=name, legendgroup=name,
                    showlegend=col == 1, line=line,
                ),
                row=1, col=col,
            )  # fmt: skip
    figure.update_layout(title="China and Japan: official defence budgets and SIPRI estimates")
    note = (
        f"{ref.table('military_expenditure').citation}<br>budgets: "
        f"{ref.table('budgets_official').label}; converted at ECB annual means (Source: ECB)<br>"
        "Japan's budgets are fiscal years (April-March), SIPRI's are calendar years."
    )
    return _source_note(figure, note)


def network_figure(graph: nx.Graph, title: str = "Engagement network") -> go.Figure:
    """The engagement graph: node size by weighted degree, states and people told apart."""
    layout = nx.spring_layout(graph, seed=7, weight="weight")
    edges_x: list[float | None] = []
    edges_y: list[float | None] = []
    for a, b in graph.edges():
        edges_x += [layout[a][0], layout[b][0], None]
        edges_y += [layout[a][1], layout[b][1], None]
    line = {"width": 0.6, "color": "#999"}
    figure = go.Figure(go.Scatter(x=edges_x, y=edges_y, mode="lines", line=line, showlegend=False))
    for kind, symbol in (("state", "square"), ("person", "circle")):
        nodes = [n for n, d in graph.nodes(data=True) if d.get("kind") == kind]
        figure.add_trace(
            go.Scatter(
                x=[layout[n][0] for n in nodes], y=[layout[n][1] for n in nodes],
                mode="markers+text", text=nodes, textposition="top center", name=kind,
                marker={"symbol": symbol,
                        "size": [8 + 4 * graph.degree(n, weight="weight") ** 0.5 for n in nodes]},
            )
        )  # fmt: skip
    figure.update_layout(title=title, xaxis={"visible": False}, yaxis={"visible": False})
    return _source_note(figure, "Events extracted by allywatch; edge weight = shared events.")


def find_browser() -> str | None:
    """A Chromium-family browser: $ALLYWATCH_BROWSER, else the first one on PATH."""
    chosen = os.environ.get("ALLYWATCH_BROWSER")
    return chosen or next(filter(None, map(shutil.which, BROWSERS)), None)


def html_to_png(html: Path, png: Path, browser: str) -> bool:
    """Screenshot an HTML chart with headless Chromium; False if the browser fails."""
    command = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
        f"--window-size={SIZE[0]},{SIZE[1]}", "--virtual-time-budget=5000",
        "--force-device-scale-factor=1",
        f"--screenshot={png.resolve()}", html.resolve().as_uri(),
    ]  # fmt: skip
    try:
        subprocess.run(command, capture_output=True, timeout=SCREENSHOT_SECONDS, check=True)
    except (OSError, subprocess.SubprocessError):
        return False
    return png.exists()


def write_figure(figure: go.Figure, folder: Path, name: str, png: bool = True) -> list[Path]:
    """Write `name`.html (plotly.js beside it, offline) and, when a browser exists, `name`.png."""
    folder.mkdir(parents=True, exist_ok=True)
    html = folder / f"{name}.html"
    figure.write_html(
        html, include_plotlyjs="directory", full_html=True, config={"displaylogo": False}
    )
    written = [html]
    browser = find_browser() if png else None
    if browser and html_to_png(html, folder / f"{name}.png", browser):
        written.append(folder / f"{name}.png")
    return written


def write_charts(
    folder: Path, countries: Iterable[str], facts: Iterable[Path] = (), png: bool = True
) -> list[Path]:
    """All charts into `folder`; the network chart only when facts files are given."""
    written = write_figure(share_of_gdp_figure(countries), folder, "share_of_gdp", png)
    written += write_figure(china_japan_figure(), folder, "china_japan", png)
    paths = list(facts)
    if paths:
        graph = engagement_graph(read_documents(paths).facts)
        written += write_figure(network_figure(graph), folder, "network", png)
    return written
