"""The package's imports go one way, from the surfaces down to the knowledge (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[1] / "bot"
# a stage may import its own stage and those below it, never one above
STAGES = ["base", "knowledge", "index", "reading", "people", "answering", "chat", "surfaces"]
SURFACES = {"bot.cli", "bot.__main__"}


def stage(module: str) -> str:
    """The stage a module of `bot` belongs to: its subpackage, or base for the root's own helpers."""
    if module in SURFACES or module.startswith("bot.web"):
        return "surfaces"
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else "base"


def module_name(path: Path, root: Path = BOT) -> str:
    rel = path.relative_to(root.parent).with_suffix("")
    parts = list(rel.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The modules of `bot` that a file imports, anywhere in it (a function's own imports included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        found |= {n for n in names if n in known}
    return found


def import_graph(root: Path = BOT) -> dict[str, set[str]]:
    files = {module_name(p, root): p for p in root.rglob("*.py")}
    known = set(files)
    return {m: imports_of(p, known) - {m} for m, p in files.items()}


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    rank = {s: i for i, s in enumerate(STAGES)}
    return [
        f"{m} ({stage(m)}) imports {d} ({stage(d)})"
        for m, deps in graph.items()
        for d in deps
        if d != "bot" and rank[stage(d)] > rank[stage(m)]
    ]


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle, found by a depth-first walk (a package's __init__ counts as its own module)."""
    found, state, path = [], {}, []

    def visit(m: str) -> None:
        state[m] = "open"
        path.append(m)
        for d in sorted(graph.get(m, ())):
            if state.get(d) == "open":
                found.append(path[path.index(d) :] + [d])
            elif d not in state:
                visit(d)
        path.pop()
        state[m] = "done"

    for m in sorted(graph):
        if m not in state:
            visit(m)
    return found


def test_imports_go_one_way_from_the_surfaces_down_to_the_knowledge():
    graph = import_graph()
    assert len(graph) > 30
    assert upward_imports(graph) == []


def test_no_module_imports_itself_back_through_a_circle():
    graph = {m: {d for d in deps if not d.endswith("__init__") and d != "bot"} for m, deps in import_graph().items()}
    assert cycles(graph) == []


@pytest.mark.parametrize(
    ("module", "line", "problem"),
    [
        ("bot/index/ingest.py", "from bot.answering import answerers", "upward"),
        ("bot/knowledge/taxonomy.py", "from bot.web import app", "upward"),
        ("bot/reading/question.py", "from bot.reading import router", "circle"),
    ],
)
def test_the_checks_catch_an_upward_import_and_a_circle(tmp_path, module, line, problem):
    """The same checks on a copy of the package with one bad import added fail as they should."""
    import shutil

    copy = tmp_path / "bot"
    shutil.copytree(BOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module.removeprefix("bot/")
    target.write_text(target.read_text() + f"\n{line}\n")
    graph = import_graph(copy)
    if problem == "upward":
        assert any(module.removesuffix(".py").replace("/", ".") in u for u in upward_imports(graph))
    else:
        assert cycles({m: {d for d in deps if d != "bot"} for m, deps in graph.items()})


MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
# modules allowed over the limits (paths under bot/ they start with): none
SIZE_ALLOWED: tuple[str, ...] = ()


def oversized(root: Path = BOT, allowed: tuple[str, ...] = SIZE_ALLOWED) -> list[str]:
    """Modules over MAX_MODULE_LINES lines and functions (a nested one too, counted apart) over
    MAX_FUNCTION_LINES, outside the allow-list."""
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(allowed):
            continue
        source = path.read_text()
        if len(source.splitlines()) > MAX_MODULE_LINES:
            found.append(f"{rel}: {len(source.splitlines())} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    found.append(f"{rel}:{node.lineno} {node.name}: {lines} lines")
    return found


def test_no_module_or_function_is_too_long():
    assert oversized() == []


def test_the_size_check_catches_a_long_module_and_a_long_function(tmp_path):
    (tmp_path / "knowledge").mkdir()
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    (tmp_path / "knowledge" / "long.py").write_text(f"def long():\n{body}\n" + "\n" * MAX_MODULE_LINES)
    (tmp_path / "reading").mkdir()
    (tmp_path / "reading" / "allowed.py").write_text(f"def long():\n{body}\n")
    assert oversized(tmp_path, allowed=("reading/",)) == [
        f"knowledge/long.py: {MAX_MODULE_LINES + MAX_FUNCTION_LINES + 1} lines",
        f"knowledge/long.py:1 long: {MAX_FUNCTION_LINES + 1} lines",
    ]


def test_docs_architecture_maps_every_module():
    """A newcomer finds every module of `bot/` in docs/architecture.md, one line each."""
    doc = (BOT.parent / "docs" / "architecture.md").read_text()
    modules = [p for p in BOT.rglob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    missing = [str(p.relative_to(BOT.parent)) for p in modules if f"`{p.relative_to(BOT.parent)}`" not in doc]
    assert missing == []
