"""The shape of the code, read with ``ast``: no import cycles and no borrowed private names in the core,
the core never imports Streamlit, and the pages import only the core's public names."""

from __future__ import annotations

import ast
from pathlib import Path

import sipr_core

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "sipr_core"
PAGES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
PUBLIC_UNDERSCORED = {"_mapping", "_asdict", "_replace", "_fields"}
"""Public names of other libraries that start with an underscore (SQLAlchemy rows, named tuples)."""


def module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute name of the module a ``from ... import`` reads."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def core_modules() -> dict[str, tuple[Path, ast.Module]]:
    return {module_of(p): (p, ast.parse(p.read_text())) for p in sorted(CORE.rglob("*.py"))}


def import_graph() -> dict[str, set[str]]:
    """Each core module and the core modules it imports (anywhere in it, lazy imports too)."""
    modules = core_modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, (path, tree) in modules.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                source = imported(node, module, path.name == "__init__.py")
                for alias in node.names:
                    full = f"{source}.{alias.name}"
                    target = full if full in modules else source
                    if target in modules and target != module:
                        graph[module].add(target)
            elif isinstance(node, ast.Import):
                graph[module] |= {a.name for a in node.names if a.name in modules and a.name != module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles: strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name not in PUBLIC_UNDERSCORED


def borrowed_private_names() -> list[str]:
    """Private names a core module takes from another module, or reads off an object that is not its own."""
    found = []
    for module, (path, tree) in core_modules().items():
        where = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                found += [f"{where}:{node.lineno} imports {a.name}" for a in node.names if private(a.name)]
            elif isinstance(node, ast.Attribute) and private(node.attr):
                owner = node.value
                if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
                    continue
                found.append(f"{where}:{node.lineno} reads .{node.attr}")
    return found


def test_the_core_has_no_import_cycle():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_core_module_uses_a_private_name_of_another():
    assert borrowed_private_names() == []


def test_the_core_never_imports_streamlit():
    for _module, (path, tree) in core_modules().items():
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "streamlit" for n in names), path


def test_pages_import_the_core_only_through_its_public_names():
    for path in PAGES:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sipr_core"):
                assert node.module == "sipr_core", f"{path.name}:{node.lineno} imports from {node.module}"
                missing = [a.name for a in node.names if a.name not in sipr_core.__all__]
                assert missing == [], f"{path.name}:{node.lineno} imports names not in sipr_core.__all__"
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("sipr_core") for a in node.names), path.name


def test_every_public_name_of_the_core_exists():
    assert len(set(sipr_core.__all__)) == len(sipr_core.__all__)
    assert [n for n in sipr_core.__all__ if not hasattr(sipr_core, n)] == []
