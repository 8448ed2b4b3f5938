"""The window's house rules, read from the source with ast (nothing is imported or run):

- no UI module imports an ORM model (enums aside), the database layer or SQLAlchemy, and none
  runs a query: every list it shows comes from a core view, every write goes through a service;
- no module of the package takes part in an import cycle (function-level and type-only imports
  count: a cycle hidden in a function is still a cycle; `from pkg import mod` depends on pkg's
  __init__ as well as on mod);
- the window is arranged by feature: nothing sorted into folders by widget kind;
- a date is shown by core/vocabulary.py's one format, and the name a person is called by is
  worked out in one place.

Each checker is first shown a planted violation, so the test can fail.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import microoffice

PACKAGE = Path(microoffice.__file__).parent
UI = PACKAGE / "ui"

# Names a UI module may import only for annotations (inside `if TYPE_CHECKING:`): the session
# type the runner hands to core calls, and the runner's Database.
TYPE_ONLY = {"sqlalchemy.orm.Session", "microoffice.core.db.database.Database"}
QUERY_METHODS = {"execute", "scalars", "scalar", "query", "get", "add", "delete", "flush", "merge"}
SESSION_NAMES = {"s", "session", "sess"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in {
            "TYPE_CHECKING",
            "typing.TYPE_CHECKING",
        }:
            for inner in node.body:
                lines.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return lines


def imported(source: str, module: str, is_package: bool = False) -> list[tuple[str, bool]]:
    """(dotted name, only under TYPE_CHECKING) for every import, at any depth."""
    tree = ast.parse(source)
    typing_only = _type_checking_lines(tree)
    found: list[tuple[str, bool]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno in typing_only) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            found += [(f"{origin}.{a.name}", node.lineno in typing_only) for a in node.names]
    return found


def reaches_past_the_core(source: str, module: str = "microoffice.ui.x") -> list[str]:
    """What in this source breaks the rule: forbidden imports and queries, as readable lines."""
    problems = []
    for name, typing_only in imported(source, module):
        if typing_only and name in TYPE_ONLY:
            continue
        if name.startswith("microoffice.core.models.enums"):
            continue
        if name.split(".")[0] == "sqlalchemy" or name.startswith(
            ("microoffice.core.models", "microoffice.core.db")
        ):
            problems.append(f"imports {name}")
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in QUERY_METHODS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in SESSION_NAMES
        ):
            problems.append(f"line {node.lineno}: runs {ast.unparse(node.func)}(...) itself")
    return problems


def ui_sources() -> list[Path]:
    return sorted(UI.rglob("*.py"))


def test_the_checker_catches_a_planted_reach() -> None:
    planted = (
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "from sqlalchemy import select\n"
        "from microoffice.core.models.clients import Client\n"
        "from microoffice.core.models.enums import Nation\n"
        "if TYPE_CHECKING:\n"
        "    from sqlalchemy.orm import Session\n"
        "def names(s):\n"
        "    from microoffice.core.db.database import open_database\n"
        "    return s.execute(select(Client.id))\n"
    )
    assert reaches_past_the_core(planted) == [
        "imports sqlalchemy.select",
        "imports microoffice.core.models.clients.Client",
        "imports microoffice.core.db.database.open_database",
        "line 10: runs s.execute(...) itself",
    ]


@pytest.mark.parametrize("path", ui_sources(), ids=lambda p: str(p.relative_to(UI)))
def test_no_ui_module_imports_orm_models_or_sqlalchemy_or_runs_a_query(path: Path) -> None:
    assert reaches_past_the_core(path.read_text(encoding="utf-8"), module_name(path)) == []


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def depends_on(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module name an import in `source` makes this module depend on: `import a.b` on a.b,
    `from a.b import c` on a.b (run first, even when c is a module of it) and on a.b.c."""
    found: set[str] = set()
    for dotted, _typing_only in imported(source, module, is_package):
        found |= {dotted, dotted.rsplit(".", 1)[0]}
    return found


def module_graph(paths: list[Path]) -> dict[str, set[str]]:
    modules = {module_name(p): p for p in paths}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        source = path.read_text(encoding="utf-8")
        wanted = depends_on(source, name, path.name == "__init__.py")
        graph[name] = {m for m in wanted if m in modules and m != name}
    return graph


def package_sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_cycle_finder_finds_a_planted_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_a_package_import_counts_as_depending_on_the_package() -> None:
    """`from microoffice.core.importing import targets` runs importing/__init__ first: a cycle
    through a package's __init__ is a cycle."""
    edges = depends_on(
        "def f():\n    from microoffice.core.importing import targets\n",
        "microoffice.core.importing.columns",
    )
    assert {"microoffice.core.importing", "microoffice.core.importing.targets"} <= edges


def test_no_import_cycles_in_the_window() -> None:
    assert cycles(module_graph(ui_sources())) == []


def test_no_import_cycles_anywhere_in_the_package() -> None:
    assert cycles(module_graph(package_sources())) == []


def test_the_window_is_arranged_by_feature_not_by_widget_kind() -> None:
    folders = {p.name for p in UI.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert not folders & {"pages", "dialogs", "models", "views"}
    assert {"app", "widgets"} <= folders
    core = {p.name for p in (PACKAGE / "core").iterdir() if p.is_dir()}
    features = folders - {"app", "widgets"}
    # the same names as the core's features where there is one (clients and staff are
    # core/services modules; today, settings and the first-run wizard are the window's own)
    assert features - core <= {"clients", "staff", "today", "settings", "wizard"}


def status_word_tables(source: str) -> list[int]:
    """Lines of dict literals that word the visit statuses (keyed by the stored codes)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            keys = {ast.unparse(k) for k in node.keys if k is not None}
            if {
                "'cancelled_client'",
                "VisitStatus.CANCELLED_BY_CLIENT",
                "VisitStatus.CANCELLED_BY_CLIENT.value",
            } & keys:
                found.append(node.lineno)
    return found


def test_visit_status_words_are_written_once() -> None:
    """core/vocabulary.py words them for the window, the lists and the CLI. The client's own
    schedule letter (reports/schedule.py) addresses the client ("at your request") on purpose."""
    assert status_word_tables("LABELS = {'cancelled_client': 'Cancelled'}") == [1]
    wording = {
        str(p.relative_to(PACKAGE)): lines
        for p in sorted(PACKAGE.rglob("*.py"))
        if (lines := status_word_tables(p.read_text(encoding="utf-8")))
    }
    assert set(wording) == {"core/vocabulary.py", "core/reports/schedule.py"}


def date_formats(source: str) -> list[int]:
    """Lines that spell out the UK date format themselves instead of asking core/vocabulary."""
    return [n for n, line in enumerate(source.splitlines(), 1) if "%d/%m/%Y" in line]


def test_dates_are_shown_by_one_function() -> None:
    assert date_formats('print(f"{day:%d/%m/%Y}")') == [1]
    written = {
        str(p.relative_to(PACKAGE)): lines
        for p in package_sources()
        if (lines := date_formats(p.read_text(encoding="utf-8")))
    }
    assert written == {}


def name_rules(source: str) -> list[int]:
    """Lines choosing between a preferred and a first name (`preferred or first`)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            words = [ast.unparse(v).lower() for v in node.values]
            if any("pref" in w for w in words) and any("first" in w for w in words):
                found.append(node.lineno)
    return found


def test_the_name_a_person_is_called_by_is_worked_out_once() -> None:
    assert name_rules("name = s.preferred_name or s.first_name") == [1]
    written = {
        str(p.relative_to(PACKAGE)): lines
        for p in package_sources()
        if (lines := name_rules(p.read_text(encoding="utf-8")))
    }
    assert set(written) == {"core/vocabulary.py"}
