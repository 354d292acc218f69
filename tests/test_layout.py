"""The house's layout: ``server -> printables -> game_rules -> cards -> catalogs``,
nothing below imports ``server``, and no module imports itself back through a cycle.

Read from the source (``ast``), so an import inside a function or under ``TYPE_CHECKING`` counts
as well: a lazy import upward is still an upward dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("catalogs", "cards", "game_rules", "printables", "server")
#: What each package may import of the others (docs/architecture.md, "Dependency direction").
ALLOWED = {
    "catalogs": set(),
    "cards": {"catalogs"},
    "game_rules": {"cards", "catalogs"},
    "printables": {"game_rules", "cards", "catalogs"},
    "server": {"printables", "game_rules", "cards", "catalogs"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Project modules ``path`` imports (absolute and relative), each as a dotted name."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    here = _module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], *([base] if base else [])])
            out.add(base)
            out.update(f"{base}.{alias.name}" for alias in node.names)
    return {m for m in out if m.split(".")[0] in PACKAGES}


def _graph() -> dict[str, set[str]]:
    files = [p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")]
    modules = {_module_name(p): p for p in files}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        # "from a.b import c" names either module a.b.c or attribute c of a.b: keep what exists.
        graph[name] = {m for m in _imports(path) if m in modules and m != name}
    return graph


def test_nothing_below_imports_upward() -> None:
    """Every import between the project's packages follows the dependency direction."""
    wrong = sorted(f"{module} imports {target}" for module, targets in _graph().items() for target in targets
                   if target.split(".")[0] != module.split(".")[0]
                   and target.split(".")[0] not in ALLOWED[module.split(".")[0]])
    assert wrong == [], "imports against server -> printables -> game_rules -> cards -> catalogs:\n" + "\n".join(wrong)


def _is_package_facade(module: str, target: str) -> bool:
    """A package's ``__init__`` re-exporting its own submodules is not a cycle of concepts."""
    return target.startswith(module + ".") or module.startswith(target + ".")


def test_no_import_cycles() -> None:
    """No module reaches itself again through the imports of others (Tarjan's strongly connected
    components; a package and its own submodules excepted)."""
    graph = {m: {t for t in ts if not _is_package_facade(m, t)} for m, ts in _graph().items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert cycles == [], f"import cycles: {cycles}"


def test_the_checker_sees_a_cycle_and_an_upward_import(tmp_path: Path) -> None:
    """The helpers above read relative and lazy imports: a sanity check on a written example."""
    src = tmp_path / "cards" / "x.py"
    src.parent.mkdir()
    src.write_text("def f():\n    from server.store import Store\n    from . import y\n", encoding="utf-8")
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert _imports(src) == {"server.store", "server.store.Store", "cards", "cards.y"}
    finally:
        ROOT = saved
