"""The package reads as the data flow: each layer imports only the layers before it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "allywatch"
LAYERS = [
    "model",
    "reference",
    "ingest",
    "nlp",
    "extract",
    "check",
    "pipeline",
    "evaluation",
    "store",
    "analysis",
    "report",
    "web",
    "cli",
]
EXEMPT = {"__init__", "__main__", "cli"}


def _layer(module: str) -> str:
    return module.split(".")[1] if module.count(".") else module


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("allywatch.")
        ):
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.startswith("allywatch."))
    return names


def _modules() -> list[Path]:
    return sorted(
        p
        for p in PACKAGE.rglob("*.py")
        if p.relative_to(PACKAGE).parts[0].removesuffix(".py") not in EXEMPT
    )


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_only_earlier_layers(path: Path) -> None:
    own = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    rank = LAYERS.index(own)
    for module in _imports(path):
        layer = _layer(module)
        assert LAYERS.index(layer) <= rank, f"{path.name} ({own}) imports {module} ({layer})"
