"""The house's rules, checked on every module's imports: which part may use which.

Data flows one way, text → parse → store → queries → maps → pages, and the
library knows no screen. Each rule names a folder (or module) and the modules it
must never import; an import inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: A module of the library holds one job: at most this many lines, and a class at most CLASS_LINES.
MODULE_LINES = 400
CLASS_LINES = 250

#: (the part, what it must never import, why)
RULES = (
    ("geo", ("streamlit", "streamlit_folium", "ui", "pages", "app"), "the library knows no screen"),
    ("geo.text", ("geo.gazetteer", "geo.geoparse", "geo.store", "geo.ingest", "geo.maps"), "text needs nothing"),
    ("geo.gazetteer", ("geo.geoparse", "geo.store", "geo.ingest"), "the gazetteer knows no parser or store"),
    ("geo.geoparse", ("geo.store", "geo.ingest"), "parsing knows no store: it gets what it needs as arguments"),
    ("geo.maps", ("geo.store", "geo.ingest", "geo.geoparse"), "maps draw records they are given"),
)


def module_name(path: Path, root: Path) -> str:
    """``geo/store/queries.py`` → ``geo.store.queries``; a package's ``__init__`` is the package."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, root: Path) -> set[str]:
    """Every module ``path`` imports, relative imports resolved, at any depth of the code."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _within(name: str, part: str) -> bool:
    return name == part or name.startswith(part + ".")


def violations(root: Path) -> list[str]:
    """One line per import that breaks a rule, for every Python file of the tree at ``root``."""
    out = []
    for path in sorted(root.glob("geo/**/*.py")):
        name = module_name(path, root)
        for part, forbidden, why in RULES:
            if not _within(name, part):
                continue
            for imported in sorted(imported_modules(path, root)):
                if any(_within(imported, banned) for banned in forbidden):
                    out.append(f"{path.relative_to(root)} imports {imported}: {why}")
    return sorted(set(out))


def test_the_repository_keeps_the_rules():
    assert violations(ROOT) == []


def oversized(root: Path) -> list[str]:
    """Modules of ``geo/`` over :data:`MODULE_LINES`, classes over :data:`CLASS_LINES`, and files with no docstring."""
    out = []
    for path in sorted(root.glob("geo/**/*.py")):
        source = path.read_text("utf-8")
        tree = ast.parse(source)
        name = path.relative_to(root)
        if len(source.splitlines()) > MODULE_LINES:
            out.append(f"{name}: {len(source.splitlines())} lines")
        if not ast.get_docstring(tree):
            out.append(f"{name}: no docstring saying its job")
        out += [f"{name}: class {node.name} is {node.end_lineno - node.lineno + 1} lines"
                for node in ast.walk(tree)
                if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > CLASS_LINES]
    return out


def test_every_module_is_small_and_says_its_job():
    assert oversized(ROOT) == []


def test_an_oversized_module_is_caught(tmp_path):
    target = tmp_path / "geo" / "big.py"
    target.parent.mkdir(parents=True)
    target.write_text("class Big:\n" + "    x = 1\n" * 300, "utf-8")
    assert oversized(tmp_path) == ["geo/big.py: no docstring saying its job", "geo/big.py: class Big is 301 lines"]


@pytest.mark.parametrize(("path", "source", "expected"), [
    ("geo/maps/explorer.py", "import streamlit as st\n", "geo/maps/explorer.py imports streamlit"),
    ("geo/maps/explorer.py", "def f():\n    from geo.store import Store\n", "geo/maps/explorer.py imports geo.store"),
    ("geo/gazetteer/index.py", "from ..geoparse import parse\n", "geo/gazetteer/index.py imports geo.geoparse"),
    ("geo/geoparse/scan.py", "from geo.store.queries import x\n", "geo/geoparse/scan.py imports geo.store"),
    ("geo/store/queries.py", "from ui import urls\n", "geo/store/queries.py imports ui"),
])
def test_a_deliberate_violation_is_caught(tmp_path, path, source, expected):
    target = tmp_path / path
    target.parent.mkdir(parents=True)
    target.write_text(source, "utf-8")
    found = violations(tmp_path)
    assert found and found[0].startswith(expected)


def test_allowed_imports_pass(tmp_path):
    target = tmp_path / "geo" / "store" / "queries.py"
    target.parent.mkdir(parents=True)
    target.write_text("from geo.records import Place\nfrom . import dialects\nimport pandas\n", "utf-8")
    assert violations(tmp_path) == []
