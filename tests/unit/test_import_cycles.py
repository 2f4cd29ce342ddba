"""No import cycles inside the package, counted from the source (function-level imports too).

A cycle hidden inside a function still ties two modules' start-up and state together;
the issue that asked for this found five. Package ``__init__`` modules count as modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = "jupyter_genanalyst"
ROOT = Path(__file__).resolve().parents[2] / PACKAGE


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(p): p
        for p in ROOT.rglob("*.py")
        if "labextension" not in p.relative_to(ROOT).parts
    }


def _resolve(module: str, is_package: bool, level: int, name: str | None) -> str:
    if level == 0:
        return name or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


def _nearest(name: str, known: dict[str, Path]) -> str | None:
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def import_graph() -> dict[str, set[str]]:
    """module → the package modules it imports (``from a import b`` counts a.b when b is one)."""
    known = _modules()
    graph: dict[str, set[str]] = {m: set() for m in known}
    for module, path in known.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                # `from pkg import mod` depends on mod; `from pkg import name` on pkg itself
                base = _resolve(module, is_package, node.level, node.module)
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                    for alias in node.names
                ]
            for target in targets:
                found = _nearest(target, known)
                if found is not None and found != module and found.startswith(PACKAGE):
                    graph[module].add(found)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
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
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_graph_sees_known_edges() -> None:
    graph = import_graph()
    assert "jupyter_genanalyst.llm.client" in graph["jupyter_genanalyst.status"]
    assert "jupyter_genanalyst.errors" in graph["jupyter_genanalyst.config"]


def test_a_planted_cycle_is_found() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def layers(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The same graph between top-level parts (``facts``, ``llm``, ``config`` …): layering."""

    def top(module: str) -> str:
        return ".".join(module.split(".")[:2])

    out: dict[str, set[str]] = {}
    for module, targets in graph.items():
        if module == PACKAGE:
            continue  # the public facade imports everything by design
        out.setdefault(top(module), set()).update(
            top(t) for t in targets if top(t) != top(module) and t != PACKAGE
        )
    for targets in list(out.values()):
        for t in targets:
            out.setdefault(t, set())
    return out


def test_no_import_cycles_between_modules() -> None:
    found = cycles(import_graph())
    if found:
        pytest.fail("Import cycles: " + "; ".join(" ↔ ".join(c) for c in found))


def test_no_import_cycles_between_top_level_parts() -> None:
    found = cycles(layers(import_graph()))
    if found:
        pytest.fail("Cycles between parts: " + "; ".join(" ↔ ".join(c) for c in found))
